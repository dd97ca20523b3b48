// The credentials of an account whose secret is an OAuth2 sign-in: a current access token in
// place of the password, and how to get a new one when a server refuses it. Null for an
// account with a password, so callers keep their password path unchanged.
import type { SecretStore } from '../service/service-types.ts';
import { oauthProviderOfReference } from './oauth-secret.ts';
import { oauthTokensOf } from './oauth-tokens.ts';

export type TokenCredentials = {
  // Never sent: OAuth2 accounts have no password, and the token travels in its own field.
  readonly password: '';
  readonly accessToken: string;
  readonly renewAccessToken: () => Promise<string>;
};

export async function tokenCredentials(secretStore: SecretStore, reference: string, email: string): Promise<TokenCredentials | null> {
  if (oauthProviderOfReference(reference) === null) return null;
  const tokens = oauthTokensOf(secretStore);
  const accessToken = await tokens.accessToken(reference, email);
  return { password: '', accessToken, renewAccessToken: () => tokens.renew(reference, email, accessToken) };
}
