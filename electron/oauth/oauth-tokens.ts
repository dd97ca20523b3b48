// Access tokens for OAuth2 accounts: kept in memory only (they last an hour or so), fetched
// with the refresh token from the SecretStore shortly before they run out, one refresh per
// account at a time, and once more when a server refuses one it had not yet seen expire
// (revoked, or a clock that disagrees). A rotated refresh token replaces the stored one.
import { LetterboxError } from '../../shared/errors.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { OAuthProvider } from './oauth-providers.ts';
import { decodeOAuthSecret, encodeOAuthSecret } from './oauth-secret.ts';
import { refreshTokens, type FetchLike, type TokenSet } from './token-endpoint.ts';

// Refresh this long before expires_in runs out (at most half the token's lifetime), so a
// token is never handed to a connection that is about to outlive it.
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export type OAuthTokens = {
  // A token good for a while yet; refreshed first when it is near its end.
  accessToken(reference: string, email: string): Promise<string>;
  // After a server refused `refused`: a new token, fetched at most once per refused token.
  renew(reference: string, email: string, refused: string): Promise<string>;
  // The access token a sign-in just got (its refresh token is stored with the account).
  remember(reference: string, tokens: TokenSet): void;
  forget(reference: string): void;
  // A new sign-in for an account that had one: its secret (the new refresh token) replaces the
  // stored one and its access token the cached one, after any refresh still running with the
  // old secret, so that refresh can neither write a rotated old token over the new one nor
  // leave its access token behind.
  replace(reference: string, secret: string, tokens: TokenSet): Promise<void>;
  provider(id: string): OAuthProvider | null;
};

export type OAuthTokensOptions = {
  readonly secretStore: SecretStore;
  readonly providers: readonly OAuthProvider[];
  readonly refreshMarginMs?: number;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
};

type Cached = { readonly accessToken: string; readonly expiresAt: number; readonly obtainedAt: number };

export function createOAuthTokens(options: OAuthTokensOptions): OAuthTokens {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const cache = new Map<string, Cached>();
  const refreshing = new Map<string, Promise<string>>();

  function providerById(id: string): OAuthProvider | null {
    return options.providers.find((provider) => provider.id === id) ?? null;
  }

  function fresh(cached: Cached | undefined): cached is Cached {
    if (cached === undefined) return false;
    const lifetime = cached.expiresAt - cached.obtainedAt;
    return now() < cached.expiresAt - Math.min(margin, lifetime / 2);
  }

  async function refresh(reference: string, email: string): Promise<string> {
    const running = refreshing.get(reference);
    if (running) return running;
    const work = (async () => {
      const stored = await options.secretStore.get(reference);
      if (stored === null) throw new LetterboxError('auth-failed', `The sign-in for ${email} is missing. Sign in again.`);
      const secret = decodeOAuthSecret(stored, email);
      const provider = providerById(secret.provider);
      if (provider === null) throw new LetterboxError('auth-failed', `Letterbox no longer knows how to sign in to ${email} (${secret.provider}). Sign in again.`);
      const obtainedAt = now();
      const tokens = await refreshTokens(provider, secret.refreshToken, options.fetch, now);
      if (tokens.refreshToken !== null && tokens.refreshToken !== secret.refreshToken) {
        await options.secretStore.set(reference, encodeOAuthSecret({ ...secret, refreshToken: tokens.refreshToken }));
      }
      cache.set(reference, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, obtainedAt });
      return tokens.accessToken;
    })();
    return track(reference, work);
  }

  // Callers for the reference meanwhile wait for this work rather than start their own.
  async function track(reference: string, work: Promise<string>): Promise<string> {
    refreshing.set(reference, work);
    try {
      return await work;
    } finally {
      if (refreshing.get(reference) === work) refreshing.delete(reference);
    }
  }

  return {
    async accessToken(reference, email) {
      const cached = cache.get(reference);
      if (fresh(cached)) return cached.accessToken;
      return refresh(reference, email);
    },
    async renew(reference, email, refused) {
      const cached = cache.get(reference);
      // Another connection already replaced the refused token: use its replacement.
      if (cached !== undefined && cached.accessToken !== refused && fresh(cached)) return cached.accessToken;
      cache.delete(reference);
      return refresh(reference, email);
    },
    remember(reference, tokens) {
      cache.set(reference, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, obtainedAt: now() });
    },
    forget(reference) {
      cache.delete(reference);
    },
    async replace(reference, secret, tokens) {
      const running = refreshing.get(reference);
      // Whatever was cached came from the old sign-in.
      cache.delete(reference);
      await track(
        reference,
        (async () => {
          await running?.catch(() => undefined);
          await options.secretStore.set(reference, secret);
          cache.set(reference, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, obtainedAt: now() });
          return tokens.accessToken;
        })(),
      );
    },
    provider: providerById,
  };
}

// The tokens belong with the secrets they come from: every part of the service that turns an
// account into credentials already holds the SecretStore, so it finds the tokens through it
// rather than through a new option threaded into each of them.
const bySecretStore = new WeakMap<SecretStore, OAuthTokens>();

export function attachOAuthTokens(secretStore: SecretStore, tokens: OAuthTokens): void {
  bySecretStore.set(secretStore, tokens);
}

export function oauthTokensOf(secretStore: SecretStore): OAuthTokens {
  const tokens = bySecretStore.get(secretStore);
  if (tokens === undefined) throw new LetterboxError('internal', 'OAuth2 sign-in is not available in this service.');
  return tokens;
}

