// Turns what nodemailer and Node throw into an error a user can act on, and says whether
// trying again later may help (the outbox keeps such a message queued) or not.
import { LetterboxError, type ErrorCode } from '../../shared/errors.ts';
import type { UntrustedCertificate } from '../../shared/setup/setup-types.ts';
import { untrustedCertificateFailure } from '../certificates/untrusted-certificate-failure.ts';
import { isTlsHandshakeFailure } from '../net/tls-handshake-failure.ts';

export type SmtpErrorContext = { readonly host: string; readonly port: number; readonly username: string; readonly password?: string };

export class SmtpError extends LetterboxError {
  // True when the same message may go through later unchanged: no connection, a timeout,
  // or a 4xx reply (RFC 5321 4.2.1: transient negative completion).
  readonly transient: boolean;
  constructor(code: ErrorCode, message: string, transient: boolean, certificate?: UntrustedCertificate) {
    super(code, message, certificate);
    this.name = 'SmtpError';
    this.transient = transient;
  }
}

const CERTIFICATE_PATTERN = /certificate|self[- ]signed|CERT_|unable to verify|altnames/i;
const TIMEOUT_PATTERN = /ETIMEDOUT|timed? ?out|Timeout/i;
const REFUSED_PATTERN = /ECONNREFUSED/;
const NOT_FOUND_PATTERN = /ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL/;
const NETWORK_PATTERN = /ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ENETDOWN|ECONNABORTED|closed|Connection/i;

type Fields = {
  readonly code: string;
  readonly message: string;
  readonly responseCode: number | null;
  readonly response: string | null;
  readonly rejected: readonly string[];
  readonly rejectedErrors: readonly { readonly response: string | null }[];
};

function readFields(error: unknown): Fields {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const rejectedErrors = Array.isArray(record.rejectedErrors) ? (record.rejectedErrors as unknown[]) : [];
  return {
    code: text(record.code) ?? '',
    message: error instanceof Error ? error.message : String(error),
    responseCode: typeof record.responseCode === 'number' ? record.responseCode : null,
    response: text(record.response),
    rejected: Array.isArray(record.rejected) ? record.rejected.map(String) : [],
    rejectedErrors: rejectedErrors.map((item) => ({
      response: typeof item === 'object' && item !== null ? text((item as Record<string, unknown>).response) : null,
    })),
  };
}

// The server's own words, without anything that could be the password.
function serverSaid(fields: Fields, context: SmtpErrorContext): string {
  const said = (fields.response ?? fields.message).replace(/\s+/g, ' ').trim().slice(0, 300);
  return context.password !== undefined && context.password !== '' ? said.split(context.password).join('***') : said;
}

export function classifySmtpError(error: unknown, context: SmtpErrorContext): SmtpError {
  if (error instanceof SmtpError) return error;
  // Refused for its certificate: the certificate goes with it, for the user to look at and trust.
  const untrusted = error instanceof LetterboxError ? error : untrustedCertificateFailure(error);
  if (untrusted?.certificate !== undefined) {
    return new SmtpError('tls-untrusted', `${untrusted.message} Nothing was sent.`, false, untrusted.certificate);
  }
  const fields = readFields(error);
  const server = `${context.host}:${context.port}`;
  const all = `${fields.code} ${fields.message}`;
  if (fields.code === 'EAUTH') {
    return new SmtpError(
      'auth-failed',
      `The outgoing server ${server} refused the login of "${context.username}" (${serverSaid(fields, context)}). Check the account's password; the message is kept in the outbox.`,
      false,
    );
  }
  if (fields.code === 'ETLS' || (fields.code === 'ESOCKET' && /STARTTLS/i.test(fields.message))) {
    return new SmtpError(
      'tls-failed',
      `The outgoing server ${server} did not secure the connection with STARTTLS, so Letterbox did not send your password or message over it. Use port 465 with TLS, or ask your provider; the message is kept in the outbox.`,
      false,
    );
  }
  if (CERTIFICATE_PATTERN.test(all)) {
    return new SmtpError(
      'tls-untrusted',
      `The certificate of the outgoing server ${server} is not trusted (${fields.message.split(';')[0] ?? 'unverified'}), so nothing was sent. Check the server name; the message is kept in the outbox.`,
      false,
    );
  }
  // nodemailer's cap on one reply (maxResponseSize, 1 MB): a server that never ends its reply
  // cannot make Letterbox buffer more.
  if (/exceeds maximum allowed size/i.test(fields.message)) {
    return new SmtpError(
      'server-error',
      `The outgoing server ${server} sent a reply larger than Letterbox accepts (1 MB), so the connection was closed and nothing was sent. The message is kept in the outbox.`,
      false,
    );
  }
  if (isTlsHandshakeFailure(fields.code, fields.message)) {
    return new SmtpError(
      'tls-failed',
      `A secure (TLS) connection to the outgoing server ${server} could not be set up, so nothing was sent. Check the security setting: this port may expect TLS, STARTTLS or no encryption; the message is kept in the outbox.`,
      false,
    );
  }
  if (fields.code === 'EENVELOPE' || fields.code === 'EMESSAGE' || fields.code === 'EPROTOCOL' || fields.responseCode !== null) {
    const code = fields.responseCode ?? 0;
    const transient = code >= 400 && code < 500;
    if (fields.code === 'EENVELOPE' && fields.rejected.length > 0) {
      const who = fields.rejected
        .map((address, index) => `${address} (${(fields.rejectedErrors[index]?.response ?? 'refused').slice(0, 200)})`)
        .join(', ');
      return new SmtpError(
        'server-error',
        `The outgoing server refused every recipient: ${who}. Correct the addresses and send again.`,
        transient,
      );
    }
    return new SmtpError(
      'server-error',
      transient
        ? `The outgoing server ${server} could not take the message for now (${serverSaid(fields, context)}). It stays in the outbox and is tried again.`
        : `The outgoing server ${server} refused the message (${serverSaid(fields, context)}).`,
      transient,
    );
  }
  if (REFUSED_PATTERN.test(all)) {
    return new SmtpError('connection-refused', `The outgoing server ${server} refused the connection. The message waits in the outbox.`, true);
  }
  if (NOT_FOUND_PATTERN.test(all)) {
    return new SmtpError('host-not-found', `The outgoing server ${context.host} could not be found. The message waits in the outbox.`, true);
  }
  if (TIMEOUT_PATTERN.test(all)) {
    return new SmtpError('timeout', `The outgoing server ${server} did not answer in time. The message waits in the outbox.`, true);
  }
  if (fields.code === 'ESOCKET' || fields.code === 'ECONNECTION' || NETWORK_PATTERN.test(all)) {
    return new SmtpError('network', `The connection to the outgoing server ${server} was lost. The message waits in the outbox.`, true);
  }
  return new SmtpError('internal', 'Sending failed because of an error inside Letterbox. The details are in the log.', false);
}
