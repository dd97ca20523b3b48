// Who may open browser mode's WebSocket. Any web page the user visits can try to connect
// to 127.0.0.1, so a connection needs both the per-run token (which only the printed URL
// carries, in its fragment, never sent to a server) and this server's own Origin (which a
// page elsewhere cannot forge). The Host check stops DNS rebinding from reaching the server
// under another name.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const webSocketPath = '/ws';

export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

// Hashing first gives equal-length inputs, so timingSafeEqual neither throws nor leaks
// the token's length.
export function tokensMatch(expected: string, provided: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(provided)) && expected.length > 0;
}

export type UpgradeRequest = {
  readonly url: string | undefined;
  readonly origin: string | undefined;
  readonly host: string | undefined;
};

export type ServerIdentity = {
  readonly token: string;
  // e.g. http://127.0.0.1:41234
  readonly origin: string;
};

export type UpgradeDecision =
  | { readonly accept: true }
  | { readonly accept: false; readonly status: 403 | 404 };

export function decideUpgrade(request: UpgradeRequest, server: ServerIdentity): UpgradeDecision {
  if (request.url === undefined) return { accept: false, status: 404 };
  let target: URL;
  try {
    target = new URL(request.url, server.origin);
  } catch {
    return { accept: false, status: 404 };
  }
  if (target.pathname !== webSocketPath) return { accept: false, status: 404 };
  if (!isOwnHost(request.host, server.origin)) return { accept: false, status: 403 };
  if (request.origin !== server.origin) return { accept: false, status: 403 };
  const tokens = target.searchParams.getAll('token');
  const [token] = tokens;
  if (tokens.length !== 1 || token === undefined || !tokensMatch(server.token, token)) {
    return { accept: false, status: 403 };
  }
  return { accept: true };
}

export function isOwnHost(host: string | undefined, origin: string): boolean {
  return host !== undefined && `http://${host}` === origin;
}
