import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { extraCa } from '../certificates/extra-ca.ts';

// What a POP3 TLS session is opened with. Its certificate is verified by connectVerifiedTls
// (electron/certificates/verified-tls-connect.ts) against the system's roots and the caller's
// extra ones.
export function pop3TlsOptions(host: string, trustedCertificates: readonly string[]): ConnectionOptions {
  return {
    // Used for the identity check even when an STLS upgrade wraps an existing socket.
    host,
    // RFC 6066 3: SNI carries host names only, never IP literals.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...extraCa(trustedCertificates),
  };
}
