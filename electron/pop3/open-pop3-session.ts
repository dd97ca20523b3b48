// Opens a logged-in POP3 session: connect (POP3S or plain), greeting, CAPA, STLS when asked
// for, login, CAPA again, then commands pipelined when the server allows it.
import { LetterboxError } from '../../shared/errors.ts';
import { greetingTimestamp } from './apop-digest.ts';
import { pop3ProtocolError, pop3ResponseError, type Pop3ErrorContext } from './classify-pop3-error.ts';
import { NO_CAPABILITIES, parseCapabilities } from './pop3-capabilities.ts';
import { Pop3Connection } from './pop3-connection.ts';
import { bodyLines, parseList, parseStat, parseUidl } from './pop3-listings.ts';
import { login } from './pop3-login.ts';
import { withTokenRenewal } from '../oauth/token-login.ts';
import type { Pop3Response } from './pop3-response-reader.ts';
import { Pop3ProtocolError } from './pop3-status-line.ts';
import type { Pop3Capabilities, Pop3ConnectionSettings, Pop3Session } from './pop3-types.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;
// RFC 2449 6.6 leaves the depth to the client; a bounded window keeps a slow server from
// being handed thousands of commands at once while still hiding the round trips.
export const PIPELINE_WINDOW = 32;

// CR, LF or NUL in a name or password would end the command line early and let the rest be
// read as another command.
function assertSafe(settings: Pop3ConnectionSettings): void {
  if (/[\r\n\0]/.test(settings.username)) {
    throw new LetterboxError('invalid-argument', 'The user name must not contain line breaks.');
  }
  if (/[\r\n\0]/.test(settings.password)) {
    throw new LetterboxError('invalid-argument', 'The password must not contain line breaks.');
  }
  // ^A (0x01) separates the SASL token message's fields (RFC 7628 3.1).
  if (settings.accessToken !== undefined && (/[\r\n\0]/.test(settings.accessToken) || settings.accessToken.includes('\u0001'))) {
    throw new LetterboxError('invalid-argument', 'The access token must not contain control characters.');
  }
}

function messageNumber(value: number): number {
  // RFC 1939 5: message numbers start at 1.
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new LetterboxError('invalid-argument', `${String(value)} is not a POP3 message number.`);
  }
  return value;
}

async function readCapabilities(connection: Pop3Connection): Promise<Pop3Capabilities> {
  const response = await connection.command('CAPA', 'CAPA', true);
  // RFC 2449 5: -ERR means an RFC 1939 server without CAPA.
  if (response.status !== 'ok' || response.body === null) return NO_CAPABILITIES;
  return parseCapabilities(bodyLines(response.body));
}

async function upgradeWithStls(connection: Pop3Connection, capabilities: Pop3Capabilities, context: Pop3ErrorContext): Promise<void> {
  const refused = new LetterboxError(
    'tls-failed',
    `${context.host} does not offer STLS on port ${context.port}, so the connection cannot be secured. Check the security setting; the password was not sent.`,
  );
  if (capabilities.announced && !capabilities.stls) throw refused;
  const response = await connection.startTls();
  if (response.status !== 'ok') throw refused;
}

function createSession(connection: Pop3Connection, capabilities: Pop3Capabilities, context: Pop3ErrorContext): Pop3Session {
  async function run<T>(verb: string, line: string, expectsBody: boolean, parse: (response: Pop3Response) => T): Promise<T> {
    const response = await connection.command(verb, line, expectsBody);
    if (response.status !== 'ok') throw pop3ResponseError(response, verb, 'command', context);
    try {
      return parse(response);
    } catch (error) {
      if (error instanceof Pop3ProtocolError) throw pop3ProtocolError(error.message, context);
      throw error;
    }
  }
  function body(response: Pop3Response): Buffer {
    if (response.body === null) throw new Pop3ProtocolError('a multi-line answer without a body');
    return response.body;
  }
  function nothing(): void {
    return undefined;
  }
  return {
    capabilities,
    pipelining: capabilities.pipelining,
    stat: () => run('STAT', 'STAT', false, (response) => parseStat(response.text)),
    list: () => run('LIST', 'LIST', true, (response) => parseList(body(response))),
    uidl: () => run('UIDL', 'UIDL', true, (response) => parseUidl(body(response))),
    async top(number, lines) {
      if (!Number.isSafeInteger(lines) || lines < 0) {
        throw new LetterboxError('invalid-argument', `${String(lines)} is not a line count for TOP.`);
      }
      return run('TOP', `TOP ${messageNumber(number)} ${lines}`, true, body);
    },
    async retrieve(number) {
      return run('RETR', `RETR ${messageNumber(number)}`, true, body);
    },
    async delete(number) {
      return run('DELE', `DELE ${messageNumber(number)}`, false, nothing);
    },
    reset: () => run('RSET', 'RSET', false, nothing),
    noop: () => run('NOOP', 'NOOP', false, nothing),
    async quit() {
      const response = await connection.quit();
      // RFC 1939 6: -ERR to QUIT means some messages marked deleted were not removed.
      if (response.status !== 'ok') throw pop3ResponseError(response, 'QUIT', 'command', context);
    },
    close: () => connection.close(),
  };
}

// An OAuth2 account's refused token is renewed and tried once more (electron/oauth/token-login.ts).
export function openPop3Session(settings: Pop3ConnectionSettings): Promise<Pop3Session> {
  return withTokenRenewal(settings, openPop3SessionOnce);
}

async function openPop3SessionOnce(settings: Pop3ConnectionSettings): Promise<Pop3Session> {
  assertSafe(settings);
  const context: Pop3ErrorContext = {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.accessToken ?? settings.password,
  };
  const connection = new Pop3Connection({
    host: settings.host,
    port: settings.port,
    implicitTls: settings.security === 'tls',
    trustedCertificates: settings.trustedCertificates ?? [],
    pinnedCertificates: settings.pinnedCertificates ?? [],
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(settings.deadlines === undefined ? {} : { deadlines: settings.deadlines }),
    context,
  });
  try {
    const greeting = await connection.greeting;
    if (greeting.status !== 'ok') throw pop3ResponseError(greeting, 'greeting', 'greeting', context);
    let capabilities = await readCapabilities(connection);
    if (settings.security === 'starttls') {
      await upgradeWithStls(connection, capabilities, context);
      // RFC 2595 4: capabilities from before TLS may have been forged and must be discarded.
      capabilities = await readCapabilities(connection);
    }
    await login(connection, {
      username: settings.username,
      password: settings.password,
      ...(settings.accessToken === undefined ? {} : { accessToken: settings.accessToken }),
      method: settings.authMethod ?? 'auto',
      capabilities,
      timestamp: greetingTimestamp(greeting.text),
      context: {
        ...context,
        loginDelaySeconds: capabilities.loginDelaySeconds,
      },
    });
    // RFC 2449 5: the server may announce different capabilities once logged in.
    const loggedIn = await readCapabilities(connection);
    connection.setWindow(loggedIn.pipelining ? PIPELINE_WINDOW : 1);
    return createSession(connection, loggedIn, context);
  } catch (error) {
    await connection.close();
    throw error;
  }
}
