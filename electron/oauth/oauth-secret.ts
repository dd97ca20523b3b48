// An OAuth2 account's secret is its refresh token, kept in the SecretStore exactly where a
// password would be, as a small JSON value. Its reference says it is one ("oauth2:PROVIDER:id"),
// so no store column has to: the account row holds the reference already, and the reference
// is not secret (the same idea as outgoing-secret.ts's derived reference).
import { randomUUID } from 'node:crypto';
import { LetterboxError } from '../../shared/errors.ts';

const PREFIX = 'oauth2:';

export type OAuthSecret = { readonly kind: 'oauth2'; readonly provider: string; readonly refreshToken: string };

export function newOAuthReference(providerId: string): string {
  return `${PREFIX}${providerId}:${randomUUID()}`;
}

// The provider id when the reference names an OAuth2 secret; null for a password's.
export function oauthProviderOfReference(reference: string): string | null {
  if (!reference.startsWith(PREFIX)) return null;
  const provider = reference.slice(PREFIX.length).split(':')[0] ?? '';
  return provider === '' ? null : provider;
}

export function encodeOAuthSecret(secret: OAuthSecret): string {
  return JSON.stringify(secret);
}

export function decodeOAuthSecret(value: string, email: string): OAuthSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  const candidate = parsed as Partial<OAuthSecret> | null;
  if (candidate?.kind !== 'oauth2' || typeof candidate.provider !== 'string' || typeof candidate.refreshToken !== 'string') {
    throw new LetterboxError('auth-failed', `The sign-in kept for ${email} cannot be read. Sign in again.`);
  }
  return { kind: 'oauth2', provider: candidate.provider, refreshToken: candidate.refreshToken };
}
