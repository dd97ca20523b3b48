import { LetterboxError } from '../../shared/errors.ts';
import type { ImapConnectionSettings } from '../imap/imap-types.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { tokenCredentials } from '../oauth/account-credentials.ts';

// How to log in to an account's incoming server, with the password (or an OAuth2 account's
// access token) fetched from the SecretStore at the moment it is needed (the store holds
// only its reference).
export async function connectionSettingsFor(
  store: Store,
  secretStore: SecretStore,
  accountId: string,
  trustedCertificates: readonly string[] | undefined,
): Promise<ImapConnectionSettings> {
  const account = await store.accounts.get(accountId);
  const reference = await store.accounts.getSecretReference(accountId);
  if (!account || reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
  // An OAuth2 account: a fresh access token instead of the password (electron/oauth/).
  const token = await tokenCredentials(secretStore, reference, account.email);
  if (token !== null) return { ...account.incoming, ...token, ...(trustedCertificates ? { trustedCertificates } : {}) };
  const password = await secretStore.get(reference);
  if (password === null) {
    throw new LetterboxError('auth-failed', `The password for ${account.email} is missing. Enter it again in the account settings.`);
  }
  return { ...account.incoming, password, ...(trustedCertificates ? { trustedCertificates } : {}) };
}
