import type { Account, ServerSettings } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { UpdateAccountArgs } from '../../shared/settings/settings.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

export type UpdateAccountOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  // Connects and logs in with these settings (IMAP or POP3, by the account's kind); throws
  // the classified LetterboxError when that fails.
  readonly tryLogin: (account: Account, incoming: ServerSettings, password: string) => Promise<void>;
  // Closes the account's connections and syncs it again with what is now stored.
  readonly reconnect: (account: Account) => Promise<void>;
};

function sameServer(a: ServerSettings, b: ServerSettings): boolean {
  return a.host === b.host && a.port === b.port && a.security === b.security && a.username === b.username;
}

// Settings → Accounts: a new name is stored as it is; a new incoming server or password is
// tried first, so a typo never leaves the account unable to sync. The password goes to the
// SecretStore under the account's existing reference, never into the database.
export async function updateAccount(options: UpdateAccountOptions, args: UpdateAccountArgs): Promise<Account> {
  const { store } = options;
  const account = await store.accounts.get(args.accountId);
  const reference = await store.accounts.getSecretReference(args.accountId);
  if (account === null || reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
  if (account.kind === 'local') {
    throw new LetterboxError('invalid-argument', 'Local Folders are kept on this computer and have no server to change.');
  }
  const incoming = args.incoming ?? account.incoming;
  const outgoing = args.outgoing === undefined ? account.outgoing : args.outgoing;
  const loginChanged = args.password !== undefined || !sameServer(incoming, account.incoming);
  // Its secret is a sign-in with the provider (electron/oauth/), which a password must not
  // overwrite and which is tried only through a new sign-in.
  if (loginChanged && account.auth?.kind === 'oauth2') {
    throw new LetterboxError('invalid-argument', `${account.email} signs in with its provider, not a password. To renew its sign-in, choose "Sign in again"; to change its server, remove the account and add it again.`);
  }
  if (loginChanged) {
    const other = await store.accounts.findByLogin(account.email, incoming.host, incoming.username);
    if (other !== null && other.id !== account.id) {
      throw new LetterboxError('already-exists', `${account.email} on ${incoming.host} is already set up as "${other.name}".`);
    }
    const password = args.password ?? (await options.secretStore.get(reference));
    if (password === null) throw new LetterboxError('auth-failed', 'Letterbox has no password for this account. Enter it and save again.');
    await options.tryLogin(account, incoming, password);
    if (args.password !== undefined) await options.secretStore.set(reference, args.password);
  }
  await store.accountUpdates.update(account.id, { name: args.name ?? account.name, incoming, outgoing });
  const updated = await store.accounts.get(account.id);
  if (updated === null) throw new LetterboxError('not-found', 'That account no longer exists.');
  if (loginChanged) await options.reconnect(updated);
  return updated;
}
