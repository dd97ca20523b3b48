// What a refused TLS connection tells the user: the certificate the server presented, its
// fingerprint and why OpenSSL (or the host name check) refused it. Node destroys a refused
// socket before its certificate can be read, so the certificate is taken while the handshake
// runs, and the refusal is looked up by the error the socket is destroyed with (refusalOf).
// The handshake's 'keylog' events give that moment: the last of them comes once the server's
// certificate is in (TLS 1.2 and 1.3), before Node judges it. The key log is BoringSSL's
// invention, so Electron's Node has it too. Its lines are secrets: they are never read or
// kept, only the moment is used.
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { datesProblem } from './certificate-dates.ts';
import { certificateReason } from './certificate-reason.ts';
import { normalizeFingerprint } from './fingerprint.ts';
import { recordPresented } from './presented-certificates.ts';
import type { CertificateRefusal } from './certificate-refusal.ts';
import { pinnedFingerprints, type PeerCheck } from './verified-tls-options.ts';

const refusals = new WeakMap<object, CertificateRefusal>();

// The refusal a TLS socket was destroyed with, or null when the error is something else.
export function refusalOf(error: unknown): CertificateRefusal | null {
  return typeof error === 'object' && error !== null ? (refusals.get(error) ?? null) : null;
}

function codeOf(error: unknown, socket: TLSSocket): string | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const reported: unknown = socket.authorizationError;
  return typeof reported === 'string' ? reported : null;
}

function refusalFor(check: PeerCheck, certificate: X509Certificate | undefined, verifyCode: string | null): CertificateRefusal {
  const fingerprint = certificate === undefined ? '' : normalizeFingerprint(certificate.fingerprint256);
  const pinned = pinnedFingerprints(check);
  // OpenSSL names one problem; an unknown authority may hide that the certificate expired,
  // which decides whether trusting it could ever work.
  const dates = certificate === undefined ? null : datesProblem(certificate, Date.now());
  const reason = dates === null || dates === verifyCode ? certificateReason(verifyCode) : `${certificateReason(verifyCode)}, and ${certificateReason(dates)}`;
  if (certificate !== undefined) recordPresented(check.host, check.port, fingerprint, certificate.toString());
  return {
    host: check.host,
    port: check.port,
    fingerprint,
    verifyCode,
    reason,
    changed: pinned.length > 0 && !pinned.includes(fingerprint),
    trustable: fingerprint.length > 0 && dates === null,
  };
}

// Call right after tls.connect, before any other 'error' listener is added.
export function watchTlsRefusal(socket: TLSSocket, check: PeerCheck): void {
  let presented: X509Certificate | undefined;
  socket.on('keylog', () => {
    presented ??= socket.getPeerX509Certificate();
  });
  socket.prependOnceListener('error', (error: Error) => {
    // Node sets authorized false just before it destroys a socket for its certificate;
    // any other error (a reset, a handshake alert) leaves it untouched.
    // (Node's types call authorizationError an Error; it holds the code, or null before.)
    const reported: unknown = socket.authorizationError;
    if (socket.authorized || reported === null || reported === undefined) return;
    refusals.set(error, refusalFor(check, presented, codeOf(error, socket)));
  });
}
