// Turns the TLS layer's UntrustedCertificateError (possibly wrapped by imapflow) into the
// LetterboxError the user sees: what happened, what to do, and the certificate itself.
import { LetterboxError } from '../../shared/errors.ts';
import { UntrustedCertificateError } from './untrusted-certificate-error.ts';

function findUntrusted(error: unknown, depth = 0): UntrustedCertificateError | null {
  if (error instanceof UntrustedCertificateError) return error;
  if (depth > 3 || typeof error !== 'object' || error === null) return null;
  const record = error as Record<string, unknown>;
  return findUntrusted(record._err, depth + 1) ?? findUntrusted(record.cause, depth + 1);
}

export function untrustedCertificateFailure(error: unknown): LetterboxError | null {
  const untrusted = findUntrusted(error);
  if (untrusted === null) return null;
  const { host, port, fingerprint, reason, changed } = untrusted;
  const message = changed
    ? `The certificate of ${host} has changed since you trusted it, and the new one is not trusted: ${reason}. ` +
      'The connection was stopped to protect your password. Trust the new certificate only if you know why it changed.'
    : `The certificate of ${host} is not trusted: ${reason}. The connection was stopped to protect your password. ` +
      'Check its fingerprint with the server’s administrator before trusting it.';
  return new LetterboxError('tls-untrusted', message, { host, port, fingerprint, reason, changed });
}
