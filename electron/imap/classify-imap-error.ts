// Turns what imapflow and Node throw into a LetterboxError a user can act on.
import { LetterboxError } from '../../shared/errors.ts';
import { untrustedCertificateFailure } from '../certificates/untrusted-certificate-failure.ts';
import { overQuotaSentence } from './get-quota.ts';
import { isTlsHandshakeFailure } from '../net/tls-handshake-failure.ts';

export type ImapErrorContext = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  // Only used to make sure it never appears in a message; never included.
  readonly password?: string;
};

// The fields imapflow and Node attach to their errors that tell the cases apart.
type ErrorFields = {
  readonly code: string | null;
  readonly message: string;
  readonly authenticationFailed: boolean;
  readonly tlsFailed: boolean;
  readonly responseStatus: string | null;
  readonly responseText: string | null;
  readonly serverResponseCode: string | null;
  readonly mailboxMissing: boolean;
  readonly path: string | null;
};

// OpenSSL verification results that mean "valid certificate, but nobody we trust vouches for it".
const SELF_SIGNED_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT', 'LockTimeout']);
const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNABORTED',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'StateLogout',
]);

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
}

function readFields(error: unknown): ErrorFields {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  // imapflow sometimes wraps the socket error in _err or cause.
  const inner = record._err ?? record.cause;
  return {
    code: stringField(error, 'code') ?? stringField(inner, 'code'),
    message: error instanceof Error ? error.message : String(error),
    authenticationFailed: record.authenticationFailed === true,
    tlsFailed: record.tlsFailed === true,
    responseStatus: stringField(error, 'responseStatus'),
    responseText: stringField(error, 'responseText'),
    serverResponseCode: stringField(error, 'serverResponseCode'),
    mailboxMissing: record.mailboxMissing === true || stringField(error, 'serverResponseCode') === 'NONEXISTENT',
    path: stringField(error, 'path'),
  };
}

function isTlsProtocolError(fields: ErrorFields): boolean {
  return fields.tlsFailed || fields.code === 'ClosedAfterConnectTLS' || isTlsHandshakeFailure(fields.code, fields.message);
}

// imapflow's size caps (electron/imap/imap-limits.ts).
const LIMIT_CODES = new Map([
  ['LiteralTooLarge', 'a literal larger'],
  ['LineTooLarge', 'a line longer'],
  ['ResponseTooLarge', 'a response larger'],
  ['TooManyTokens', 'a response with more parts'],
]);

// What imapflow says when a required STARTTLS cannot happen, in words for the user.
function starttlsFailure(fields: ErrorFields): string | null {
  if (fields.code === 'STARTTLS_INJECTION') return 'sent data before the TLS handshake that no server sends (a sign of tampering)';
  if (!fields.tlsFailed) return null;
  if (/PREAUTH/.test(fields.message)) return 'logged in before encryption could start (PREAUTH)';
  if (/does not support STARTTLS/i.test(fields.message)) return 'did not offer STARTTLS or refused it';
  return null;
}

function withoutSecret(text: string, password: string | undefined): string {
  if (password === undefined || password.length === 0) return text;
  return text.split(password).join('********');
}

export function classifyImapError(error: unknown, context: ImapErrorContext): LetterboxError {
  if (error instanceof LetterboxError) return error;
  const untrusted = untrustedCertificateFailure(error);
  if (untrusted !== null) return untrusted;
  const fields = readFields(error);
  const { host, port, username } = context;
  const where = `${host}:${port}`;
  const code = fields.code ?? '';
  const make = (kind: LetterboxError['code'], message: string): LetterboxError =>
    new LetterboxError(kind, withoutSecret(message, context.password));

  // RFC 5530 AUTHENTICATIONFAILED, or a plain NO to LOGIN/AUTHENTICATE.
  if (fields.authenticationFailed || fields.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return make('auth-failed', `${host} did not accept the user name "${username}" with this password. Check both and try again.`);
  }
  if (HOST_NOT_FOUND_CODES.has(code)) {
    return make('host-not-found', `The server name "${host}" could not be found. Check its spelling and your internet connection.`);
  }
  if (code === 'ECONNREFUSED') {
    return make('connection-refused', `${host} refused the connection on port ${port}. Check the port number and the security setting.`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return make(
      'tls-untrusted',
      `The certificate of ${host} is not trusted: it was issued for a different server name. The connection was stopped to protect your password.`,
    );
  }
  if (SELF_SIGNED_CODES.has(code)) {
    return make(
      'tls-untrusted',
      `The certificate of ${host} is self-signed and not trusted. The connection was stopped to protect your password.`,
    );
  }
  if (UNTRUSTED_CODES.has(code)) {
    return make(
      'tls-untrusted',
      `The certificate of ${host} is not trusted: no known certificate authority vouches for it. The connection was stopped to protect your password.`,
    );
  }
  if (EXPIRED_CODES.has(code)) {
    return make(
      'tls-untrusted',
      `The certificate of ${host} is not trusted: it has expired or is not yet valid. Check your computer's clock, or ask the server's administrator.`,
    );
  }
  if (TIMEOUT_CODES.has(code)) {
    return make('timeout', `${where} did not answer in time. The server may be down, or the port or security setting may be wrong.`);
  }
  // doSTARTTLS true (imap-flow-options.ts): the upgrade failed before anything secret was sent.
  const starttls = starttlsFailure(fields);
  if (starttls !== null) {
    return make(
      'tls-failed',
      `${where} ${starttls}, so the connection could not be secured with STARTTLS. Your password was not sent. Use port 993 with TLS, or ask your provider.`,
    );
  }
  const limit = LIMIT_CODES.get(code);
  if (limit !== undefined) {
    return make('server-error', `${where} sent ${limit}, more than Letterbox accepts, so the connection was closed.`);
  }
  if (isTlsProtocolError(fields)) {
    return make(
      'tls-failed',
      `A secure (TLS) connection to ${where} could not be set up. Check the security setting: this port may expect TLS, STARTTLS or no encryption.`,
    );
  }
  if (NETWORK_CODES.has(code)) {
    return make('network', `The connection to ${where} was lost. Check your internet connection and try again.`);
  }
  // RFC 5530 NONEXISTENT: the folder was deleted or renamed, e.g. by another device.
  if (fields.mailboxMissing) {
    const folder = fields.path === null ? 'The folder' : `The folder "${fields.path}"`;
    return make('not-found', `${folder} no longer exists on ${host}. It may have been renamed or deleted elsewhere.`);
  }
  // RFC 9208 4.3 / RFC 5530 OVERQUOTA: refused APPEND or COPY into a full mailbox.
  if (fields.serverResponseCode === 'OVERQUOTA') return make('server-error', overQuotaSentence(host, null));
  if (fields.responseStatus === 'NO' || fields.responseStatus === 'BAD') {
    const said = fields.responseText === null ? '' : `: ${fields.responseText}`;
    return make('server-error', `${host} refused the request${said}`);
  }
  if (/^E[A-Z]+$/.test(code)) {
    return make('network', `The connection to ${where} failed (${code}). Check your internet connection and try again.`);
  }
  return make('server-error', `${host} answered in a way Letterbox could not use (${code || 'no error code'}).`);
}
