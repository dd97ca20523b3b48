import { isIP } from 'node:net';
import { extraCa } from '../certificates/extra-ca.ts';
import { verifiedTlsOptions } from '../certificates/verified-tls-options.ts';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpSettings } from './smtp-types.ts';

export const DEFAULT_SMTP_TIMEOUT_MS = 60_000;

export function smtpTransportOptions(settings: SmtpSettings): SMTPConnection.Options {
  const timeout = settings.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    // STARTTLS or nothing: a server (or a man in the middle) that hides STARTTLS gets an
    // error, never the password in clear (RFC 8314 3.4 and RFC 3207 6).
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    // The EHLO name: an address literal, so the machine's own name is not given away.
    name: '[127.0.0.1]',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
    debug: false,
    // Verified like every other session, with the certificate pinned for this host and port
    // as an anchor of its own; send-raw.ts reads a refused certificate (tls-refusal.ts).
    tls: verifiedTlsOptions(
      {
        // RFC 6066 3: SNI carries host names only, never an address literal.
        ...(isIP(settings.host) === 0 ? { servername: settings.host } : {}),
        ...extraCa(settings.trustedCertificates ?? []),
      },
      { host: settings.host, port: settings.port, pinnedCertificates: settings.pinnedCertificates ?? [] },
    ),
  };
}
