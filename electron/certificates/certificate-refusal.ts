// Why the TLS layer refused a server's certificate, neither trusted by the system (or the
// configured CAs) nor pinned by the user for that host and port: what the user needs to
// decide, the host, the reason and the certificate's SHA-256 fingerprint.
export type CertificateRefusal = {
  readonly host: string;
  readonly port: number;
  // Empty when the handshake never delivered a certificate to read.
  readonly fingerprint: string;
  // OpenSSL's verification code, or Node's ERR_TLS_CERT_ALTNAME_INVALID.
  readonly verifyCode: string | null;
  readonly reason: string;
  // A certificate was pinned for this host and port, and this is a different one.
  readonly changed: boolean;
  // False when pinning it would not help: OpenSSL refuses a certificate out of its dates
  // even as a trust anchor; or when there is no certificate to pin.
  readonly trustable: boolean;
};
