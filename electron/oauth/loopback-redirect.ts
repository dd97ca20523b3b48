// The redirect end of a sign-in in the system browser (RFC 8252 7.3): an HTTP listener on
// 127.0.0.1 at a port chosen now, that takes exactly one callback carrying this sign-in's
// state and then closes. A callback with another state ends the sign-in (someone else's
// page is driving it); a second callback finds the port closed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LetterboxError } from '../../shared/errors.ts';
import { sameState } from './pkce.ts';

export const REDIRECT_PATH = '/oauth2/callback';

export type LoopbackRedirectOptions = {
  readonly state: string;
  // How long the user has to finish in the browser.
  readonly timeoutMs: number;
  readonly providerName: string;
};

export type LoopbackRedirect = {
  readonly redirectUri: string;
  // The authorization code; rejects with a LetterboxError saying what went wrong.
  readonly code: Promise<string>;
  close(): void;
};

const PAGE_STYLE = 'font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; line-height: 1.5';

function page(response: ServerResponse, status: number, title: string, text: string): void {
  const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page shows only our own text: nothing may run on it, nothing is loaded from elsewhere.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  response.end(`<!doctype html><title>${escape(title)}</title><body style="${PAGE_STYLE}"><h1>${escape(title)}</h1><p>${escape(text)}</p></body>`);
}

// RFC 6749 4.1.2.1: the error the authorization server redirected with, in words a user can act on.
export function describeAuthorizationError(providerName: string, error: string, description: string | null): LetterboxError {
  if (error === 'access_denied') {
    return new LetterboxError('auth-failed', `Sign-in with ${providerName} was denied in the browser. Try again and allow Letterbox to read and send mail.`);
  }
  const detail = description === null ? '' : ` (${description.slice(0, 200)})`;
  return new LetterboxError('auth-failed', `${providerName} refused the sign-in: ${error.slice(0, 100)}${detail}. Try signing in again.`);
}

export async function listenForRedirect(options: LoopbackRedirectOptions): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | null = null;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Whoever awaits it hears the outcome; nobody awaiting is no crash.
  code.catch(() => undefined);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== REDIRECT_PATH) {
      // The browser's favicon request and the like: not the callback, not a reason to stop.
      response.writeHead(404, { connection: 'close' }).end();
      return;
    }
    if (request.method !== 'GET' || settle === null) {
      response.writeHead(405, { connection: 'close' }).end();
      return;
    }
    const params = url.searchParams;
    if (!sameState(options.state, params.get('state'))) {
      page(response, 400, 'Sign-in stopped', 'This answer did not come from the sign-in Letterbox started. Start again from Letterbox.');
      finish(new LetterboxError('auth-failed', `The answer from the browser did not match the sign-in Letterbox started (state mismatch), so it was refused. Sign in again.`));
      return;
    }
    const error = params.get('error');
    if (error !== null) {
      page(response, 200, 'Sign-in not completed', 'You can close this window and return to Letterbox.');
      finish(describeAuthorizationError(options.providerName, error, params.get('error_description')));
      return;
    }
    const received = params.get('code');
    if (received === null || received.length === 0 || received.length > 4096) {
      page(response, 400, 'Sign-in stopped', 'The answer carried no authorization code. Start again from Letterbox.');
      finish(new LetterboxError('auth-failed', `${options.providerName} answered without an authorization code. Sign in again.`));
      return;
    }
    page(response, 200, 'Signed in', 'You can close this window and return to Letterbox.');
    finish(received);
  });

  const timer = setTimeout(() => {
    finish(new LetterboxError('timeout', `Sign-in with ${options.providerName} timed out: the browser did not come back within ${Math.round(options.timeoutMs / 1000)} seconds. Try again.`));
  }, options.timeoutMs);
  timer.unref();

  function finish(outcome: string | Error): void {
    const pending = settle;
    if (pending === null) return;
    settle = null;
    clearTimeout(timer);
    // Stop listening at once; the answer page already in flight is still delivered.
    server.close();
    server.closeIdleConnections();
    if (typeof outcome === 'string') pending.resolve(outcome);
    else pending.reject(outcome);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // RFC 8252 7.3 and 8.3: the loopback address itself, never "localhost" (which a resolver
    // or firewall may send elsewhere), and any free port.
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${REDIRECT_PATH}`,
    code,
    close() {
      finish(new LetterboxError('auth-failed', 'The sign-in was cancelled.'));
    },
  };
}
