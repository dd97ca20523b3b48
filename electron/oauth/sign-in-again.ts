// "Sign in again" for an account whose provider stopped taking its sign-in (a refused
// refresh token, or a token refused twice): a new sign-in in the browser, stored in place of
// the old one under the account's own secret reference, so nothing else about the account
// changes. The token response names no mailbox (no `openid` scope is asked for, and the
// providers' mail scopes bring no identity with them), so the new token is tried first on
// the account's own server as the account's user: a sign-in made with another account in the
// browser is refused there and never replaces the stored one.
import type { Account } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { Store } from '../store/store.ts';
import { oauthProviderOfReference } from './oauth-secret.ts';
import type { OAuthSignInOptions } from './oauth-sign-in.ts';
import type { OAuthTokens } from './oauth-tokens.ts';
import type { TokenSet } from './token-endpoint.ts';

export type SignInAgainOptions = {
  readonly store: Store;
  readonly tokens: OAuthTokens;
  // Logs in to the account's incoming server (IMAP or POP3, by its kind) as its user with
  // this access token, then out; throws the classified LetterboxError when refused.
  readonly tryLogin: (account: Account, accessToken: string) => Promise<void>;
  // Drops the account's connections and syncs it again with the new sign-in, and sends
  // what the refused sign-in left failed in the outbox.
  readonly resume: (account: Account) => Promise<void>;
};

type OAuthAccount = { readonly account: Account; readonly reference: string; readonly provider: string };

async function oauthAccount(store: Store, accountId: string): Promise<OAuthAccount> {
  const account = await store.accounts.get(accountId);
  const reference = await store.accounts.getSecretReference(accountId);
  if (account === null || reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
  const provider = oauthProviderOfReference(reference);
  if (provider === null) {
    throw new LetterboxError('invalid-argument', `${account.email} signs in with a password, not with a provider. Enter a new password in the account settings instead.`);
  }
  return { account, reference, provider };
}

export function createSignInAgain(options: SignInAgainOptions): Pick<OAuthSignInOptions, 'signInAgainTarget' | 'replaceSignIn'> {
  return {
    async signInAgainTarget(accountId) {
      const { account, provider } = await oauthAccount(options.store, accountId);
      return { email: account.email, provider };
    },
    replaceSignIn: (accountId, providerId, secret, tokens) => replaceSignIn(options, accountId, providerId, secret, tokens),
  };
}

async function replaceSignIn(options: SignInAgainOptions, accountId: string, providerId: string, secret: string, tokens: TokenSet): Promise<Account> {
  const { account, reference, provider } = await oauthAccount(options.store, accountId);
  if (provider !== providerId) throw new LetterboxError('auth-failed', `${account.email} no longer signs in with this provider. Start the sign-in again.`);
  try {
    await options.tryLogin(account, tokens.accessToken);
  } catch (error) {
    if (!(error instanceof LetterboxError && error.code === 'auth-failed')) throw error;
    throw new LetterboxError(
      'auth-failed',
      `${account.incoming.host} refused this sign-in for ${account.incoming.username}, so nothing was changed. Was it made with another account than ${account.email}? Sign in again with ${account.email}.`,
    );
  }
  await options.tokens.replace(reference, secret, tokens);
  await options.resume(account);
  return account;
}
