// Whether a certificate is out of its validity dates, as OpenSSL's verification codes name it.
// OpenSSL checks the dates of a trust anchor too, so such a certificate cannot be admitted by
// pinning it, and Letterbox does not offer to.
import type { X509Certificate } from 'node:crypto';

export function datesProblem(certificate: X509Certificate, now: number): 'CERT_HAS_EXPIRED' | 'CERT_NOT_YET_VALID' | null {
  if (Date.parse(certificate.validTo) < now) return 'CERT_HAS_EXPIRED';
  if (Date.parse(certificate.validFrom) > now) return 'CERT_NOT_YET_VALID';
  return null;
}
