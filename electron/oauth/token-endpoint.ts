// The token endpoint (RFC 6749 4.1.3 and 6): an authorization code (with its PKCE verifier,
// RFC 7636 4.5) or a refresh token in, an access token out. Tokens never appear in an
// error: a refused grant says what the user can do, not what was sent.
import { LetterboxError } from '../../shared/errors.ts';
import type { OAuthProvider } from './oauth-providers.ts';

export type TokenSet = {
  readonly accessToken: string;
  // Epoch ms, from expires_in (RFC 6749 5.1); an hour when the server does not say.
  readonly expiresAt: number;
  // Given at sign-in, and again when the server rotates it; null when it kept the old one.
  readonly refreshToken: string | null;
};

export type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<Response>;

const DEFAULT_LIFETIME_S = 3600;
const REQUEST_TIMEOUT_MS = 30_000;

export function requireClientId(provider: OAuthProvider): string {
  if (provider.clientId === null) {
    throw new LetterboxError(
      'invalid-argument',
      `Sign-in with ${provider.name} is not set up in this copy of Letterbox: it needs a client id registered with ${provider.name} (see the README, "OAuth2 sign-in").`,
    );
  }
  return provider.clientId;
}

async function post(provider: OAuthProvider, form: Record<string, string>, fetchImpl: FetchLike, now: () => number): Promise<TokenSet> {
  const clientId = requireClientId(provider);
  const body = new URLSearchParams({ ...form, client_id: clientId, ...(provider.clientSecret === undefined ? {} : { client_secret: provider.clientSecret }) });
  let response: Response;
  try {
    response = await fetchImpl(provider.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new LetterboxError('network', `${provider.name}'s sign-in server could not be reached. Check the connection; Letterbox tries again later.`);
  }
  let json: Record<string, unknown>;
  try {
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new LetterboxError('server-error', `${provider.name}'s sign-in server sent an answer that is not JSON (HTTP ${response.status}).`);
  }
  if (!response.ok || typeof json.error === 'string') {
    const error = typeof json.error === 'string' ? json.error : `HTTP ${response.status}`;
    // RFC 6749 5.2: invalid_grant is a code or refresh token that is expired, revoked or not ours.
    if (error === 'invalid_grant') {
      throw new LetterboxError('auth-failed', `${provider.name} no longer accepts Letterbox's sign-in for this account. Sign in again.`);
    }
    if (response.status >= 500) throw new LetterboxError('server-error', `${provider.name}'s sign-in server failed (HTTP ${response.status}). Letterbox tries again later.`);
    throw new LetterboxError('auth-failed', `${provider.name} refused the sign-in (${error.slice(0, 100)}). Sign in again.`);
  }
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new LetterboxError('server-error', `${provider.name}'s sign-in server answered without an access token.`);
  }
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : typeof json.expires_in === 'string' ? Number(json.expires_in) : DEFAULT_LIFETIME_S;
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S;
  return {
    accessToken,
    expiresAt: now() + lifetime * 1000,
    refreshToken: typeof json.refresh_token === 'string' && json.refresh_token.length > 0 ? json.refresh_token : null,
  };
}

export function exchangeCode(
  provider: OAuthProvider,
  grant: { readonly code: string; readonly verifier: string; readonly redirectUri: string },
  fetchImpl: FetchLike = fetch,
  now: () => number = Date.now,
): Promise<TokenSet> {
  return post(provider, { grant_type: 'authorization_code', code: grant.code, code_verifier: grant.verifier, redirect_uri: grant.redirectUri }, fetchImpl, now);
}

export function refreshTokens(provider: OAuthProvider, refreshToken: string, fetchImpl: FetchLike = fetch, now: () => number = Date.now): Promise<TokenSet> {
  return post(provider, { grant_type: 'refresh_token', refresh_token: refreshToken }, fetchImpl, now);
}
