import type { UntrustedCertificate } from './setup/setup-types.ts';

// Error codes that cross the process boundary. Each maps to a message a user can act on.
export type ErrorCode =
  | 'invalid-argument'
  | 'unknown-channel'
  | 'not-found'
  | 'auth-failed'
  | 'host-not-found'
  | 'connection-refused'
  | 'tls-failed'
  | 'tls-untrusted'
  | 'timeout'
  | 'network'
  | 'server-error'
  | 'already-exists'
  | 'storage'
  | 'internal';

export type AppError = {
  readonly code: ErrorCode;
  readonly message: string;
  // With 'tls-untrusted': the certificate the connection was stopped for, so the user can
  // look at its fingerprint and choose to trust it (trustCertificate).
  readonly certificate?: UntrustedCertificate;
};

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

// Thrown inside main to carry a user-facing error up to the service boundary.
export class LetterboxError extends Error {
  readonly code: ErrorCode;
  readonly certificate: UntrustedCertificate | undefined;
  constructor(code: ErrorCode, message: string, certificate?: UntrustedCertificate) {
    super(message);
    this.name = 'LetterboxError';
    this.code = code;
    this.certificate = certificate;
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
