// The certificates servers presented and Letterbox refused, in this process, by host, port and
// fingerprint. trustCertificate pins the certificate from here, never one a page sends: the
// renderer names a fingerprint, and only a certificate the server itself showed can be pinned.
import { normalizeHost } from './certificate-repository.ts';
import { normalizeFingerprint } from './fingerprint.ts';

// Refusals kept; a refusal older than the last 100 has to be met again before it is trusted.
const KEPT = 100;

const presented = new Map<string, string>();

function key(host: string, port: number, fingerprint: string): string {
  return `${normalizeHost(host)}\n${port}\n${normalizeFingerprint(fingerprint)}`;
}

export function recordPresented(host: string, port: number, fingerprint: string, pem: string): void {
  const entry = key(host, port, fingerprint);
  presented.delete(entry);
  presented.set(entry, pem);
  for (const oldest of presented.keys()) {
    if (presented.size <= KEPT) break;
    presented.delete(oldest);
  }
}

// The PEM of that certificate as the server presented it, or null.
export function presentedCertificate(host: string, port: number, fingerprint: string): string | null {
  return presented.get(key(host, port, fingerprint)) ?? null;
}
