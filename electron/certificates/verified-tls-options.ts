// The TLS options of every connection that may carry a password: OpenSSL verifies the chain
// and Node the host name (rejectUnauthorized stays true), and the certificate the user pinned
// for this host and port is admitted the same way, as a trust anchor of its own.
//
// A pinned certificate goes into `ca` with allowPartialTrustChain, so OpenSSL accepts a chain
// that ends at it even when it is a leaf issued by an authority nobody trusts. The identity
// check then takes exactly the pinned leaf for this host, whatever names it carries, and
// refuses any other certificate the pinned one vouches for: trust is given to one certificate,
// not to whoever holds its key. OpenSSL still refuses a pinned certificate that has expired
// or is not valid yet, which is why such a certificate cannot be trusted (tls-refusal.ts).
import { checkServerIdentity, rootCertificates, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { fingerprintOf, normalizeFingerprint } from './fingerprint.ts';

export type PeerCheck = {
  readonly host: string;
  readonly port: number;
  // PEM certificates the user trusted for this host and port (electron/certificates/).
  readonly pinnedCertificates: readonly string[];
};

// The refusal's code for a certificate the pinned one vouches for, but that is not itself pinned.
export const NOT_THE_PINNED_CERTIFICATE = 'CERT_NOT_THE_PINNED_ONE';

export function pinnedFingerprints(check: PeerCheck): readonly string[] {
  return check.pinnedCertificates.flatMap((pem) => fingerprintOf(pem) ?? []);
}

// The fingerprints of the certificate and the issuers Node found for it, leaf first.
function chainFingerprints(certificate: PeerCertificate): string[] {
  const found: string[] = [];
  const visited = new Set<PeerCertificate>();
  let at: PeerCertificate | undefined = certificate;
  while (at !== undefined && !visited.has(at)) {
    visited.add(at);
    if (typeof at.fingerprint256 === 'string') found.push(normalizeFingerprint(at.fingerprint256));
    at = (at as { issuerCertificate?: PeerCertificate }).issuerCertificate;
  }
  return found;
}

function pinnedIdentity(pinned: readonly string[]): ConnectionOptions['checkServerIdentity'] {
  return (hostname, certificate) => {
    const [leaf, ...issuers] = chainFingerprints(certificate);
    if (leaf !== undefined && pinned.includes(leaf)) return undefined;
    if (issuers.some((issuer) => pinned.includes(issuer))) {
      return Object.assign(new Error(`The certificate of ${hostname} is not the one trusted for it`), { code: NOT_THE_PINNED_CERTIFICATE });
    }
    return checkServerIdentity(hostname, certificate);
  };
}

// `options` may carry `ca` (the system's roots and the configured extra ones) and everything
// else the connection needs; verification is added on top and cannot be switched off by it.
export function verifiedTlsOptions(options: ConnectionOptions, check: PeerCheck): ConnectionOptions {
  const pinned = pinnedFingerprints(check);
  const anchors = pinned.length === 0 ? {} : {
    // Node replaces its default roots when `ca` is given, so the system's are added back.
    ca: [...(options.ca === undefined ? rootCertificates : [options.ca].flat()), ...check.pinnedCertificates],
    allowPartialTrustChain: true,
  };
  return {
    ...options,
    ...anchors,
    rejectUnauthorized: true,
    checkServerIdentity: pinnedIdentity(pinned),
  };
}
