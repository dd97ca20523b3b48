// The `ca` option that trusts the configured extra certificates beside the system's roots:
// Node replaces its default roots when `ca` is given, so they are added back. With no extra
// certificate there is no `ca` at all, and Node keeps its defaults.
import { rootCertificates, type ConnectionOptions } from 'node:tls';

export function extraCa(trustedCertificates: readonly string[]): Pick<ConnectionOptions, 'ca'> {
  return trustedCertificates.length > 0 ? { ca: [...rootCertificates, ...trustedCertificates] } : {};
}
