// Why OpenSSL (or Node's host name check) did not trust a certificate, in words a person
// can weigh before trusting it anyway. The codes are X509_V_ERR_* names without the prefix.
import { NOT_THE_PINNED_CERTIFICATE } from './verified-tls-options.ts';

const REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by a self-signed authority nobody here trusts',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'no known certificate authority vouches for it',
  UNABLE_TO_GET_ISSUER_CERT: 'no known certificate authority vouches for it',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'no known certificate authority vouches for it',
  CERT_UNTRUSTED: 'no known certificate authority vouches for it',
  CERT_REJECTED: 'its authority rejects it',
  CERT_SIGNATURE_FAILURE: 'its signature is not valid',
  INVALID_CA: 'it is signed by something that is not a certificate authority',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for a different server name',
  [NOT_THE_PINNED_CERTIFICATE]: 'it is not the certificate you trusted, only one signed by it',
};

export function certificateReason(code: string | null): string {
  if (code === null) return 'it could not be verified';
  return REASONS[code] ?? `it could not be verified (${code})`;
}
