// The one place that decides whether a TLS connection may carry a password. Sockets are
// opened with rejectUnauthorized false ONLY so that the peer certificate can be read when
// verification fails; this check then refuses the connection unless OpenSSL verified the
// chain and the host name, or the certificate is exactly (SHA-256) one the user pinned for
// this host and port. Callers run it on 'secureConnect', before any byte is written.
import type { TLSSocket } from 'node:tls';
import { certificateReason } from './certificate-reason.ts';
import { UntrustedCertificateError } from './untrusted-certificate-error.ts';

export type PeerCheck = { readonly host: string; readonly port: number; readonly pinnedFingerprints: readonly string[] };

export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().toUpperCase();
}

export function checkPeer(socket: TLSSocket, check: PeerCheck): UntrustedCertificateError | null {
  const certificate = socket.getPeerCertificate();
  // Node returns an empty object when there is no certificate at all.
  const fingerprint = typeof certificate.fingerprint256 === 'string' ? normalizeFingerprint(certificate.fingerprint256) : '';
  if (socket.authorized) return null;
  const pinned = check.pinnedFingerprints.map(normalizeFingerprint);
  if (fingerprint.length > 0 && pinned.includes(fingerprint)) return null;
  const verifyCode = authorizationCode(socket.authorizationError);
  return new UntrustedCertificateError({
    host: check.host,
    port: check.port,
    fingerprint,
    verifyCode,
    reason: certificateReason(verifyCode),
    changed: pinned.length > 0,
  });
}

function authorizationCode(error: unknown): string | null {
  if (typeof error === 'string') return error;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? code : error.message;
  }
  return null;
}
