// Turns POP3 -ERR answers, protocol violations and socket failures into a LetterboxError a
// user can act on. The password never appears in a message.
import { LetterboxError, type ErrorCode } from '../../shared/errors.ts';
import { classifyImapError } from '../imap/classify-imap-error.ts';
import type { Pop3StatusLine } from './pop3-status-line.ts';

export type Pop3ErrorContext = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  // Only used to make sure it never appears in a message; never included.
  readonly password?: string;
  // From CAPA before login (RFC 2449 6.5), to tell the user how long to wait.
  readonly loginDelaySeconds?: number | null;
};

// Whether the answer is to a login attempt: a plain -ERR there means bad credentials
// (RFC 1939 7 PASS/APOP; RFC 5034 4 AUTH).
export type Pop3CommandPhase = 'greeting' | 'login' | 'command';

function withoutSecret(text: string, password: string | undefined): string {
  if (password === undefined || password.length === 0) return text;
  return text.split(password).join('********');
}

// Server text is untrusted: no control characters, and short enough for a dialog.
function serverSaid(text: string): string {
  const clean = Array.from(text, (char) => (char.charCodeAt(0) < 0x20 || char === '\x7f' ? ' ' : char))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (clean.length === 0) return '';
  return ` (it said: "${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}")`;
}

function make(context: Pop3ErrorContext, code: ErrorCode, message: string): LetterboxError {
  return new LetterboxError(code, withoutSecret(message, context.password));
}

function loginDelayText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds <= 0) return 'only every few minutes';
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return `only once every ${minutes === 1 ? 'minute' : `${minutes} minutes`}`;
  }
  return `only once every ${seconds} seconds`;
}

// `verb` is the command's name only (never its arguments, which may hold the password).
export function pop3ResponseError(
  response: Pop3StatusLine,
  verb: string,
  phase: Pop3CommandPhase,
  context: Pop3ErrorContext,
): LetterboxError {
  const { host, username } = context;
  const said = serverSaid(response.text);
  // RFC 2449 8 and RFC 3206 define these; anything after the first level is detail.
  const level = response.code?.split('/')[0] ?? null;
  const sys = response.code?.startsWith('SYS/') === true ? response.code : null;
  if (response.code === 'IN-USE') {
    return make(
      context,
      'server-error',
      `The mailbox of "${username}" on ${host} is in use by another program, which may be another mail app checking it. Close it or wait a few minutes, then try again.`,
    );
  }
  if (response.code === 'LOGIN-DELAY') {
    return make(
      context,
      'server-error',
      `${host} lets "${username}" check mail ${loginDelayText(context.loginDelaySeconds)}. Letterbox will try again later.`,
    );
  }
  if (sys === 'SYS/TEMP') {
    return make(context, 'server-error', `${host} has a temporary problem${said}. Try again later.`);
  }
  if (sys === 'SYS/PERM') {
    return make(context, 'server-error', `${host} reported a lasting problem with this account${said}. Contact your mail provider.`);
  }
  if (level === 'AUTH' || phase === 'login') {
    return make(context, 'auth-failed', `${host} did not accept the user name "${username}" with this password. Check both and try again.`);
  }
  if (phase === 'greeting') {
    return make(context, 'server-error', `${host} refused the connection${said}. Try again later.`);
  }
  return make(context, 'server-error', `${host} refused the ${verb} command${said}.`);
}

export function pop3ProtocolError(detail: string, context: Pop3ErrorContext): LetterboxError {
  return make(context, 'server-error', `${context.host} answered in a way Letterbox could not understand (${detail}).`);
}

export function pop3TimeoutError(waitingFor: string, context: Pop3ErrorContext): LetterboxError {
  return make(
    context,
    'timeout',
    `${context.host}:${context.port} did not answer in time (${waitingFor}). The server may be down, or the port or security setting may be wrong.`,
  );
}

export function pop3ConnectionLostError(context: Pop3ErrorContext): LetterboxError {
  return make(
    context,
    'network',
    `The connection to ${context.host}:${context.port} was lost. Check your internet connection and try again.`,
  );
}

export function pop3ClosedError(context: Pop3ErrorContext): LetterboxError {
  return make(context, 'network', `The connection to ${context.host}:${context.port} is already closed.`);
}

// Socket and TLS failures are the same for every protocol; the IMAP layer's classifier
// already knows Node's and OpenSSL's codes, so both protocols tell the user the same thing.
export function classifyPop3SocketError(error: unknown, context: Pop3ErrorContext): LetterboxError {
  return classifyImapError(error, context);
}
