import type { ImapFlowOptions } from 'imapflow';
import type { ImapConnectionSettings } from './imap-types.ts';
import { IDLE_RESTART_MS } from './watch-folder.ts';
import { imapTlsTransport } from './imap-tls-transport.ts';
import { extraCa } from '../certificates/extra-ca.ts';
import { DEFAULT_IMAP_LIMITS } from './imap-limits.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;

// onBytes hears every byte received (after TLS: decrypted), for the step deadlines.
export function imapFlowOptions(settings: ImapConnectionSettings, onBytes?: (bytes: number) => void): ImapFlowOptions {
  const timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limits = settings.limits ?? DEFAULT_IMAP_LIMITS;
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    // 'starttls' must upgrade or fail (never send the password in clear after a stripped
    // capability list); 'none' stays in clear even when STARTTLS is offered.
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    // imapflow prefers OAUTHBEARER (RFC 7628) and falls back to XOAUTH2 for a token.
    auth: settings.accessToken === undefined ? { user: settings.username, pass: settings.password } : { user: settings.username, accessToken: settings.accessToken },
    logger: false,
    // Sessions run one command after another for sync; IDLE would add a DONE round trip
    // before each of them.
    disableAutoIdle: true,
    // RFC 7162: ENABLE QRESYNC where offered, so a resync gets VANISHED (EARLIER) instead
    // of comparing every UID (electron/imap/resync-folder.ts).
    qresync: true,
    // RFC 2177 3: re-issue IDLE well within the server's 30-minute inactivity limit.
    maxIdleTime: IDLE_RESTART_MS,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Every TLS session is verified with the pinned certificate as an anchor of its own
    // (electron/certificates/verified-tls-options.ts); a refusal reports the certificate.
    transport: imapTlsTransport(settings.pinnedCertificates ?? [], onBytes),
    maxLiteralSize: limits.maxLiteralSize,
    maxLineLength: limits.maxLineLength,
    maxResponseSize: limits.maxResponseSize,
    maxResponseTokens: limits.maxResponseTokens,
    tls: {
      rejectUnauthorized: true,
      ...extraCa(settings.trustedCertificates ?? []),
    },
  };
}
