// The service's OAuth2 sign-in channels. start: PKCE and state made, a loopback listener
// opened, the provider's page sent to the system browser (RFC 8252: never an embedded view,
// whose password field the app could read). finish: waits for that one callback, exchanges
// the code with its verifier, and hands the tokens to the account's setup, which tries the
// servers with the access token before anything is stored. The same two steps sign an
// existing account in again, when its provider stopped taking the old sign-in.
import { randomUUID } from 'node:crypto';
import type { Account } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { OAuthAccountArgs } from '../../shared/oauth/oauth-schemas.ts';
import type { OAuthProviderInfo, OAuthSignInAgainStart, OAuthSignInStart } from '../../shared/oauth/oauth-types.ts';
import type { StoredCredential } from '../service/account-setup.ts';
import { listenForRedirect, type LoopbackRedirect } from './loopback-redirect.ts';
import { authorizationUrl, providerForHost, type OAuthProvider } from './oauth-providers.ts';
import { encodeOAuthSecret, newOAuthReference } from './oauth-secret.ts';
import type { OAuthTokens } from './oauth-tokens.ts';
import { createPkce, createState } from './pkce.ts';
import { exchangeCode, requireClientId, type FetchLike, type TokenSet } from './token-endpoint.ts';

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
  // Sign in again: the mailbox and provider of an account that signs in with one (throws
  // for any other account), and storing a new sign-in in place of its old one.
  readonly signInAgainTarget: (accountId: string) => Promise<SignInAgainTarget>;
  readonly replaceSignIn: (accountId: string, providerId: string, secret: string, tokens: TokenSet) => Promise<Account>;
};

export type SignInAgainTarget = { readonly email: string; readonly provider: string };

// What a sign-in was started for: finishing it through the other channel is refused, so
// an add-account sign-in can never land on an existing account, nor the reverse.
type Purpose = { readonly kind: 'add' } | { readonly kind: 'again'; readonly accountId: string };

type Pending = {
  readonly provider: OAuthProvider;
  readonly verifier: string;
  readonly redirect: LoopbackRedirect;
  readonly purpose: Purpose;
};

type Received = { readonly provider: OAuthProvider; readonly tokens: TokenSet; readonly refreshToken: string; readonly purpose: Purpose };

export type OAuthSignInHandlers = {
  readonly findOAuthProvider: (args: { readonly host: string }) => Promise<OAuthProviderInfo | null>;
  readonly startOAuthSignIn: (args: { readonly provider: string; readonly email: string }) => Promise<OAuthSignInStart>;
  readonly finishOAuthSignIn: (args: { readonly signInId: string; readonly account: OAuthAccountArgs }) => Promise<Account>;
  readonly cancelOAuthSignIn: (args: { readonly signInId: string }) => Promise<null>;
  readonly startOAuthSignInAgain: (args: { readonly accountId: string }) => Promise<OAuthSignInAgainStart>;
  readonly finishOAuthSignInAgain: (args: { readonly signInId: string }) => Promise<Account>;
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

  async function begin(provider: OAuthProvider, email: string, purpose: Purpose): Promise<OAuthSignInStart> {
    const clientId = requireClientId(provider);
    while (pending.size >= MAX_PENDING) drop(pending.keys().next().value ?? '');
    const pkce = createPkce();
    const state = createState();
    const redirect = await listenForRedirect({ state, timeoutMs: options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS, providerName: provider.name });
    const signInId = randomUUID();
    pending.set(signInId, { provider, verifier: pkce.verifier, redirect, purpose });
    const url = authorizationUrl(provider, { clientId, redirectUri: redirect.redirectUri, state, challenge: pkce.challenge, loginHint: email });
    let opened: boolean;
    try {
      opened = await options.openExternal(url);
    } catch (error) {
      drop(signInId);
      throw error;
    }
    return { signInId, url, opened };
  }

  // The browser's answer for a sign-in started for this purpose, exchanged for tokens.
  async function receive(signInId: string, kind: Purpose['kind']): Promise<Received> {
    const started = pending.get(signInId);
    if (started?.purpose.kind !== kind) throw new LetterboxError('not-found', 'That sign-in has ended. Start it again.');
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
    return { provider: started.provider, tokens, refreshToken: tokens.refreshToken, purpose: started.purpose };
  }

  function secretOf(received: Received): string {
    return encodeOAuthSecret({ kind: 'oauth2', provider: received.provider.id, refreshToken: received.refreshToken });
  }

  return {
    findOAuthProvider({ host }) {
      const provider = providerForHost(options.providers, host);
      return Promise.resolve(provider === null ? null : { id: provider.id, name: provider.name, configured: provider.clientId !== null });
    },
    startOAuthSignIn({ provider: providerId, email }) {
      return begin(providerById(providerId), email, { kind: 'add' });
    },
    async finishOAuthSignIn({ signInId, account }) {
      const received = await receive(signInId, 'add');
      const { tokens } = received;
      const reference = newOAuthReference(received.provider.id);
      const secret = secretOf(received);
      // Known before the first sync asks for it, so that sync does not refresh at once.
      options.tokens.remember(reference, tokens);
      try {
        return await options.addAccount(account, tokens.accessToken, { reference, secret });
      } catch (error) {
        options.tokens.forget(reference);
        throw error;
      }
    },
    async startOAuthSignInAgain({ accountId }) {
      const target = await options.signInAgainTarget(accountId);
      const provider = providerById(target.provider);
      return { ...(await begin(provider, target.email, { kind: 'again', accountId })), providerName: provider.name };
    },
    async finishOAuthSignInAgain({ signInId }) {
      const received = await receive(signInId, 'again');
      if (received.purpose.kind !== 'again') throw new LetterboxError('internal', 'That sign-in was not for an account.');
      return options.replaceSignIn(received.purpose.accountId, received.provider.id, secretOf(received), received.tokens);
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
