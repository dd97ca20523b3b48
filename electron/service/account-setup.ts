import { randomUUID } from 'node:crypto';
import type { Account } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { AddAccountArgs } from '../../shared/schemas.ts';
import type { ImapConnectionSettings } from '../imap/imap-types.ts';
import { setOutgoingPassword } from '../compose/outgoing-secret.ts';
import type { Store } from '../store/store.ts';
import type { AccountAccess } from './service-types.ts';

export type AccountSetupOptions = AccountAccess;

// Connects and logs in, then logs out: proof the settings work before anything is kept.
// A failure surfaces as the LetterboxError the IMAP layer classified it as.
// accessToken: an OAuth2 sign-in's token, tried instead of the password.
export async function tryLogin(options: AccountSetupOptions, args: AddAccountArgs, accessToken?: string): Promise<readonly string[]> {
  const settings: ImapConnectionSettings = {
    ...args.incoming,
    password: args.password,
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {}),
  };
  const session = await options.openImapSession(settings);
  const capabilities = session.capabilities;
  await session.close().catch(options.logError);
  return capabilities;
}

// A secret other than args.password, under a reference chosen by its kind (an OAuth2
// sign-in, electron/oauth/oauth-secret.ts).
export type StoredCredential = { readonly reference: string; readonly secret: string };

// Stores a tested account: the password goes to the SecretStore first, under a fresh
// reference, and is taken back out if the account row cannot be written.
export async function storeAccount(options: AccountSetupOptions, args: AddAccountArgs, credential?: StoredCredential): Promise<Account> {
  const secretReference = credential?.reference ?? `account-${randomUUID()}`;
  await options.secretStore.set(secretReference, credential?.secret ?? args.password);
  try {
    if (args.outgoingPassword !== undefined) await setOutgoingPassword(options.secretStore, secretReference, args.outgoingPassword);
    return await options.store.accounts.insert({
      kind: args.kind,
      name: args.name?.trim() || args.email,
      email: args.email,
      incoming: args.incoming,
      outgoing: args.outgoing,
      secretReference,
    });
  } catch (error) {
    await options.secretStore.delete(secretReference).catch(options.logError);
    await setOutgoingPassword(options.secretStore, secretReference, null).catch(options.logError);
    throw error;
  }
}

export async function refuseDuplicate(store: Store, args: AddAccountArgs): Promise<void> {
  const existing = await store.accounts.findByLogin(args.email, args.incoming.host, args.incoming.username);
  if (existing) {
    throw new LetterboxError(
      'already-exists',
      `${args.email} on ${args.incoming.host} is already set up as "${existing.name}".`,
    );
  }
}
