// SHA-256 fingerprints as Node prints them (upper-case hex pairs joined by colons), so a pin
// typed or stored in another case still matches.
import { X509Certificate } from 'node:crypto';

export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().toUpperCase();
}

// The fingerprint of a PEM certificate, or null when it is not one.
export function fingerprintOf(pem: string): string | null {
  try {
    return normalizeFingerprint(new X509Certificate(pem).fingerprint256);
  } catch {
    return null;
  }
}
