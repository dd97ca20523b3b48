// The service's OAuth2 sign-in channels. start: PKCE and state made, a loopback listener
// opened, the provider's page sent to the system browser (RFC 8252: never an embedded view,
// whose password field the app could read). finish: waits for that one callback, exchanges
// the code with its verifier, and hands the tokens to the account's setup, which tries the
// servers with the access token before anything is stored.
import { randomUUID } from 'node:crypto';
import type { Account } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { OAuthAccountArgs } from '../../shared/oauth/oauth-schemas.ts';
import type { OAuthProviderInfo, OAuthSignInStart } from '../../shared/oauth/oauth-types.ts';
import type { StoredCredential } from '../service/account-setup.ts';
import { listenForRedirect, type LoopbackRedirect } from './loopback-redirect.ts';
import { authorizationUrl, providerForHost, type OAuthProvider } from './oauth-providers.ts';
import { encodeOAuthSecret, newOAuthReference } from './oauth-secret.ts';
import type { OAuthTokens } from './oauth-tokens.ts';
import { createPkce, createState } from './pkce.ts';
import { exchangeCode, requireClientId, type FetchLike } from './token-endpoint.ts';

// Long enough to type a password and pass a second factor; the listener closes after it.
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
// A sign-in started and never finished is dropped when more than this many wait.
const MAX_PENDING = 4;

export type OAuthSignInOptions = {
  readonly providers: readonly OAuthProvider[];
  readonly tokens: OAuthTokens;
  // The transport's opener of http(s) URLs in the system browser; false in browser mode.
  readonly openExternal: (url: string) => Promise<boolean>;
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  // Tries the servers with the access token, then stores the account under the credential.
  readonly addAccount: (args: OAuthAccountArgs, accessToken: string, credential: StoredCredential) => Promise<Account>;
};

type Pending = {
  readonly provider: OAuthProvider;
  readonly verifier: string;
  readonly redirect: LoopbackRedirect;
};

export type OAuthSignInHandlers = {
  readonly findOAuthProvider: (args: { readonly host: string }) => Promise<OAuthProviderInfo | null>;
  readonly startOAuthSignIn: (args: { readonly provider: string; readonly email: string }) => Promise<OAuthSignInStart>;
  readonly finishOAuthSignIn: (args: { readonly signInId: string; readonly account: OAuthAccountArgs }) => Promise<Account>;
  readonly cancelOAuthSignIn: (args: { readonly signInId: string }) => Promise<null>;
};

export function createOAuthSignInHandlers(options: OAuthSignInOptions): OAuthSignInHandlers & { closeAll(): void } {
  const pending = new Map<string, Pending>();

  function providerById(id: string): OAuthProvider {
    const provider = options.providers.find((candidate) => candidate.id === id);
    if (provider === undefined) throw new LetterboxError('not-found', `Letterbox does not know how to sign in with "${id}".`);
    return provider;
  }

  function drop(signInId: string): void {
    pending.get(signInId)?.redirect.close();
    pending.delete(signInId);
  }

  return {
    findOAuthProvider({ host }) {
      const provider = providerForHost(options.providers, host);
      return Promise.resolve(provider === null ? null : { id: provider.id, name: provider.name, configured: provider.clientId !== null });
    },
    async startOAuthSignIn({ provider: providerId, email }) {
      const provider = providerById(providerId);
      const clientId = requireClientId(provider);
      while (pending.size >= MAX_PENDING) drop(pending.keys().next().value ?? '');
      const pkce = createPkce();
      const state = createState();
      const redirect = await listenForRedirect({ state, timeoutMs: options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS, providerName: provider.name });
      const signInId = randomUUID();
      pending.set(signInId, { provider, verifier: pkce.verifier, redirect });
      const url = authorizationUrl(provider, { clientId, redirectUri: redirect.redirectUri, state, challenge: pkce.challenge, loginHint: email });
      let opened: boolean;
      try {
        opened = await options.openExternal(url);
      } catch (error) {
        drop(signInId);
        throw error;
      }
      return { signInId, url, opened };
    },
    async finishOAuthSignIn({ signInId, account }) {
      const started = pending.get(signInId);
      if (started === undefined) throw new LetterboxError('not-found', 'That sign-in has ended. Start it again.');
      let code: string;
      try {
        code = await started.redirect.code;
      } finally {
        pending.delete(signInId);
      }
      const tokens = await exchangeCode(started.provider, { code, verifier: started.verifier, redirectUri: started.redirect.redirectUri }, options.fetch);
      if (tokens.refreshToken === null) {
        throw new LetterboxError('auth-failed', `${started.provider.name} gave no refresh token, so Letterbox could not stay signed in. Sign in again.`);
      }
      const reference = newOAuthReference(started.provider.id);
      const secret = encodeOAuthSecret({ kind: 'oauth2', provider: started.provider.id, refreshToken: tokens.refreshToken });
      // Known before the first sync asks for it, so that sync does not refresh at once.
      options.tokens.remember(reference, tokens);
      try {
        return await options.addAccount(account, tokens.accessToken, { reference, secret });
      } catch (error) {
        options.tokens.forget(reference);
        throw error;
      }
    },
    cancelOAuthSignIn({ signInId }) {
      drop(signInId);
      return Promise.resolve(null);
    },
    closeAll() {
      for (const signInId of [...pending.keys()]) drop(signInId);
    },
  };
}
