// Raised by the TLS layer when a server's certificate is neither trusted by the system
// (or the configured CAs) nor pinned by the user for that host and port. It carries what
// the user needs to decide: the host, the reason and the certificate's SHA-256 fingerprint.
export class UntrustedCertificateError extends Error {
  readonly code = 'CERT_UNTRUSTED_BY_USER';
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  // OpenSSL's verification code, or Node's ERR_TLS_CERT_ALTNAME_INVALID.
  readonly verifyCode: string | null;
  readonly reason: string;
  // A fingerprint was pinned for this host and port, and this is a different certificate.
  readonly changed: boolean;

  constructor(fields: {
    readonly host: string;
    readonly port: number;
    readonly fingerprint: string;
    readonly verifyCode: string | null;
    readonly reason: string;
    readonly changed: boolean;
  }) {
    super(`The certificate of ${fields.host}:${fields.port} is not trusted: ${fields.reason}`);
    this.name = 'UntrustedCertificateError';
    this.host = fields.host;
    this.port = fields.port;
    this.fingerprint = fields.fingerprint;
    this.verifyCode = fields.verifyCode;
    this.reason = fields.reason;
    this.changed = fields.changed;
  }
}
