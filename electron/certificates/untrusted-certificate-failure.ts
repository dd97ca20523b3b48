// Turns the TLS layer's refusal (possibly wrapped by imapflow or nodemailer) into the
// LetterboxError the user sees: what happened, what to do, and the certificate itself.
import { LetterboxError } from '../../shared/errors.ts';
import { refusalOf } from './tls-refusal.ts';
import type { CertificateRefusal } from './certificate-refusal.ts';

function findUntrusted(error: unknown, depth = 0): CertificateRefusal | null {
  const refusal = refusalOf(error);
  if (refusal !== null) return refusal;
  if (depth > 3 || typeof error !== 'object' || error === null) return null;
  const record = error as Record<string, unknown>;
  return findUntrusted(record._err, depth + 1) ?? findUntrusted(record.cause, depth + 1);
}

function advice(untrusted: CertificateRefusal): string {
  if (untrusted.fingerprint === '') return 'Letterbox could not read the certificate, so it cannot be trusted here.';
  if (!untrusted.trustable) return 'A certificate out of its dates cannot be trusted: ask the server’s administrator to renew it.';
  if (untrusted.changed) return 'Trust the new certificate only if you know why it changed.';
  return 'Check its fingerprint with the server’s administrator before trusting it.';
}

export function untrustedCertificateFailure(error: unknown): LetterboxError | null {
  const untrusted = findUntrusted(error);
  if (untrusted === null) return null;
  const { host, port, fingerprint, reason, changed, trustable } = untrusted;
  const what = changed
    ? `The certificate of ${host} has changed since you trusted it, and the new one is not trusted: ${reason}.`
    : `The certificate of ${host} is not trusted: ${reason}.`;
  const message = `${what} The connection was stopped to protect your password. ${advice(untrusted)}`;
  return new LetterboxError('tls-untrusted', message, { host, port, fingerprint, reason, changed, trustable });
}
