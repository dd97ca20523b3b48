import type { Security } from '../../shared/domain.ts';
import type { StepDeadlines } from '../net/progress-deadline.ts';

// How to reach and log in to an account's outgoing (submission) server.
export type SmtpSettings = {
  readonly host: string;
  readonly port: number;
  // 'starttls' (port 587, RFC 6409) must upgrade before AUTH or fail, never fall back to
  // clear text; 'tls' is implicit TLS from the first byte (port 465, RFC 8314 3.3).
  readonly security: Security;
  readonly username: string;
  readonly password: string;
  // OAuth2 accounts: a bearer token sent with AUTH XOAUTH2 instead of the password, and a new
  // one once after the server refused it (electron/oauth/token-login.ts).
  readonly accessToken?: string;
  readonly renewAccessToken?: () => Promise<string>;
  // Extra CA certificates (PEM) trusted besides the system's, as for IMAP.
  readonly trustedCertificates?: readonly string[];
  // Certificates (PEM) the user trusted for this host and port (electron/certificates/).
  readonly pinnedCertificates?: readonly string[];
  readonly timeoutMs?: number;
  // Per-step deadlines (electron/smtp/smtp-step-deadline.ts); default: timeoutMs per step.
  readonly deadlines?: StepDeadlines;
};

export type SmtpEnvelope = { readonly from: string; readonly to: readonly string[] };

export type SmtpDelivery = {
  readonly accepted: readonly string[];
  // RCPT TO refused one by one (RFC 5321 4.2.2 5xx) while the message went to the rest.
  readonly rejected: readonly { readonly address: string; readonly reason: string }[];
  readonly response: string;
};

export type SendHooks = {
  // The whole message and its terminating "." are on the wire; the reply is not in yet.
  readonly onDataWritten?: () => void;
};

// Sends raw RFC 5322 bytes, unchanged, to the envelope's recipients.
export type SendRaw = (settings: SmtpSettings, envelope: SmtpEnvelope, raw: Buffer, hooks?: SendHooks) => Promise<SmtpDelivery>;
