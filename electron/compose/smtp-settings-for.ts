import { LetterboxError } from '../../shared/errors.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { SmtpSettings } from '../smtp/smtp-types.ts';
import { SmtpError } from '../smtp/classify-smtp-error.ts';
import type { Store } from '../store/store.ts';
import { outgoingPassword } from './outgoing-secret.ts';
import { tokenCredentials } from '../oauth/account-credentials.ts';

// How to log in to an account's outgoing server: its own settings, with its own password
// when the user gave one (outgoing-secret.ts), else the incoming server's.
export async function smtpSettingsFor(
  store: Store,
  secretStore: SecretStore,
  accountId: string,
  trustedCertificates: readonly string[] | undefined,
): Promise<SmtpSettings> {
  const account = await store.accounts.get(accountId);
  const reference = await store.accounts.getSecretReference(accountId);
  if (!account || reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
  if (account.outgoing === null) {
    throw new SmtpError('invalid-argument', `${account.email} has no outgoing server. Add one in the account settings; the message is kept in the outbox.`, false);
  }
  // An OAuth2 account sends with the same sign-in as it reads (electron/oauth/).
  const token = await tokenCredentials(secretStore, reference, account.email);
  if (token !== null) return { ...account.outgoing, ...token, ...(trustedCertificates ? { trustedCertificates } : {}) };
  const password = await outgoingPassword(secretStore, reference);
  if (password === null) {
    throw new SmtpError('auth-failed', `The password for ${account.email} is missing. Enter it again in the account settings.`, false);
  }
  return { ...account.outgoing, password, ...(trustedCertificates ? { trustedCertificates } : {}) };
}
