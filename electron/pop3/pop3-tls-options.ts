import { isIP } from 'node:net';
import { rootCertificates, type ConnectionOptions } from 'node:tls';

// What a POP3 TLS session is opened with. Its certificate is verified by connectVerifiedTls
// (electron/certificates/verified-tls-connect.ts) against the system's roots and the caller's
// extra ones: Node replaces its default roots when `ca` is given, so the system's are added
// back (as the IMAP layer does).
export function pop3TlsOptions(host: string, trustedCertificates: readonly string[]): ConnectionOptions {
  return {
    // Used for the identity check even when an STLS upgrade wraps an existing socket.
    host,
    // RFC 6066 3: SNI carries host names only, never IP literals.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(trustedCertificates.length > 0 ? { ca: [...rootCertificates, ...trustedCertificates] } : {}),
  };
}
