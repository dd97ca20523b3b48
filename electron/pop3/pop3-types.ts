// The POP3 protocol layer's face toward a later sync: what one logged-in POP3 session can do.
// Sync depends on these types only, never on the socket code behind them.
import type { Security } from '../../shared/domain.ts';
import type { StepDeadlines } from '../net/progress-deadline.ts';

// 'auto' prefers SASL PLAIN (RFC 5034) when CAPA offers it, else USER/PASS (RFC 1939 7).
// APOP is used only when asked for, and then only when the greeting carries a timestamp.
// With an access token, 'auto' takes OAUTHBEARER where CAPA offers it, else XOAUTH2.
export type Pop3AuthMethod = 'auto' | 'user' | 'apop' | 'sasl-plain' | 'sasl-oauthbearer' | 'sasl-xoauth2';

export type Pop3ConnectionSettings = {
  readonly host: string;
  readonly port: number;
  // 'tls' is POP3S (implicit TLS); 'starttls' must upgrade with STLS (RFC 2595) or fail.
  readonly security: Security;
  readonly username: string;
  readonly password: string;
  // OAuth2 accounts: a bearer token for SASL OAUTHBEARER (RFC 7628) or XOAUTH2 instead of the
  // password, and a new one once after the server refused it (electron/oauth/token-login.ts).
  readonly accessToken?: string;
  readonly renewAccessToken?: () => Promise<string>;
  readonly authMethod?: Pop3AuthMethod;
  // Extra CA certificates (PEM) trusted for this connection; the system's are trusted too.
  readonly trustedCertificates?: readonly string[];
  // Certificates (PEM) the user trusted for this host and port (electron/certificates/).
  readonly pinnedCertificates?: readonly string[];
  // Applies to connecting, the greeting, the TLS handshake, and every command (as silence
  // while a response is awaited, so a large RETR on a slow link is not cut off).
  readonly timeoutMs?: number;
  // Each step must be answered within deadlines.stepMs unless data keeps flowing
  // (electron/net/progress-deadline.ts); defaults to timeoutMs. Tests pass short ones.
  readonly deadlines?: StepDeadlines;
};

// RFC 2449 6: what CAPA announced. All false/empty when the server does not know CAPA.
export type Pop3Capabilities = {
  // Whether the server answered CAPA at all; RFC 1939 servers may not.
  readonly announced: boolean;
  // The capability lines exactly as sent, for diagnostics.
  readonly lines: readonly string[];
  readonly top: boolean;
  readonly user: boolean;
  readonly uidl: boolean;
  readonly pipelining: boolean;
  readonly respCodes: boolean;
  // RFC 3206: [AUTH] and [SYS/...] codes.
  readonly authRespCode: boolean;
  readonly stls: boolean;
  // Upper-cased SASL mechanism names (RFC 2449 6.3).
  readonly saslMechanisms: readonly string[];
  // RFC 2449 6.5: minimum seconds between logins, or null when not announced.
  readonly loginDelaySeconds: number | null;
  // RFC 2449 6.7: days the server keeps retrieved mail; 'never' means it never expires it.
  readonly expire: number | 'never' | null;
  readonly implementation: string | null;
};

export type Pop3Stat = {
  readonly messageCount: number;
  readonly sizeOctets: number;
};

export type Pop3Session = {
  // As announced after login (RFC 2449 5: they may differ from before).
  readonly capabilities: Pop3Capabilities;
  // True when commands are sent without waiting for earlier responses (RFC 2449 6.6).
  readonly pipelining: boolean;
  stat(): Promise<Pop3Stat>;
  // Message number -> size in octets, in the server's order.
  list(): Promise<ReadonlyMap<number, number>>;
  // Message number -> unique-id (RFC 1939 7: stable across sessions).
  uidl(): Promise<ReadonlyMap<number, string>>;
  // The header and the first `lines` body lines, dot-unstuffed, CRLF line ends as sent.
  top(messageNumber: number, lines: number): Promise<Buffer>;
  // The whole message, dot-unstuffed; every line ends as the server sent it (CRLF).
  retrieve(messageNumber: number): Promise<Buffer>;
  // Marks for deletion; only a successful quit() removes it (RFC 1939 6).
  delete(messageNumber: number): Promise<void>;
  reset(): Promise<void>;
  noop(): Promise<void>;
  // Commits deletions (UPDATE state) and closes.
  quit(): Promise<void>;
  // Drops the connection without QUIT: the server must not delete anything (RFC 1939 6).
  close(): Promise<void>;
};

export type OpenPop3Session = (settings: Pop3ConnectionSettings) => Promise<Pop3Session>;
