// POP3 accounts in the service: adding one (connection test first, password to the
// SecretStore, policy stored), checking each on its schedule, and fetching the rest of a
// message that was downloaded as headers only.
import type { Account, SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { Pop3AccountArgs } from '../../shared/schemas.ts';
import type { LocalFolders } from '../local/local-folders.ts';
import type { OpenPop3Session, Pop3ConnectionSettings } from '../pop3/pop3-types.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { connectionSettingsFor } from '../sync/account-connection.ts';
import { failedStatus } from '../sync/sync-status.ts';
import { DEFAULT_POP3_POLICY } from './pop3-policy.ts';
import type { Pop3Settings } from './pop3-repository.ts';
import { createPop3Scheduler } from './pop3-scheduler.ts';
import { runPop3Check, type Pop3CheckResult } from './run-pop3-check.ts';
import { serverKeys } from './server-keys.ts';
import { randomUUID } from 'node:crypto';
import { setOutgoingPassword } from '../compose/outgoing-secret.ts';
import type { StoredCredential } from '../service/account-setup.ts';

export const DEFAULT_POP3_CHECK_SECONDS = 600;

export type Pop3AccountsOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly local: LocalFolders;
  readonly openPop3Session: OpenPop3Session;
  readonly trustedCertificates?: readonly string[];
  readonly reportStatus: (status: SyncStatus) => void;
  readonly onDelivered: (folderIds: readonly string[]) => void;
  readonly isOffline: () => Promise<boolean>;
  readonly logError: (error: unknown) => void;
  // Replaces every account's interval (tests).
  readonly checkIntervalMs?: number;
};

export type Pop3Accounts = {
  // accessToken: an OAuth2 sign-in's token, tried instead of the password.
  tryLogin(args: Pop3AccountArgs, accessToken?: string): Promise<readonly string[]>;
  add(args: Pop3AccountArgs, credential?: StoredCredential): Promise<Account>;
  start(): Promise<void>;
  check(accountId: string): Promise<Pop3CheckResult | null>;
  // The rest of a message kept as headers only; null when it did not come from POP3.
  fetchWhole(messageRef: string): Promise<Buffer | null>;
  stopAccount(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
};

export function createPop3Accounts(options: Pop3AccountsOptions): Pop3Accounts {
  const { store, local } = options;
  const trusted = options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {};
  const lastResults = new Map<string, Pop3CheckResult>();

  async function settingsOf(accountId: string): Promise<Pop3ConnectionSettings> {
    return connectionSettingsFor(store, options.secretStore, accountId, options.trustedCertificates);
  }

  async function check(accountId: string): Promise<void> {
    const policy = await store.pop3.getSettings(accountId);
    if (policy === null) throw new LetterboxError('not-found', 'That POP3 account no longer exists.');
    try {
      const result = await runPop3Check({
        store,
        local,
        openPop3Session: options.openPop3Session,
        accountId,
        settings: await settingsOf(accountId),
        policy,
        reportStatus: options.reportStatus,
        onDelivered: options.onDelivered,
      });
      lastResults.set(accountId, result);
    } catch (error) {
      if (!(error instanceof LetterboxError)) options.logError(error);
      options.reportStatus(failedStatus(accountId, error));
      throw error;
    }
  }

  const scheduler = createPop3Scheduler({
    check,
    async intervalMs(accountId) {
      if (options.checkIntervalMs !== undefined) return options.checkIntervalMs;
      const policy = await store.pop3.getSettings(accountId);
      return (policy?.checkIntervalSeconds ?? DEFAULT_POP3_CHECK_SECONDS) * 1000;
    },
    isOffline: options.isOffline,
    logError: options.logError,
  });

  return {
    async tryLogin(args, accessToken) {
      const session = await options.openPop3Session({
        ...args.incoming,
        password: args.password,
        ...(accessToken === undefined ? {} : { accessToken }),
        ...trusted,
      });
      const lines = session.capabilities.lines;
      // QUIT, not a dropped connection: a clean logout, and nothing was marked for deletion.
      await session.quit().catch(options.logError);
      return lines;
    },
    async add(args, credential) {
      const secretReference = credential?.reference ?? `account-${randomUUID()}`;
      await options.secretStore.set(secretReference, credential?.secret ?? args.password);
      if (args.outgoingPassword !== undefined) await setOutgoingPassword(options.secretStore, secretReference, args.outgoingPassword);
      let account: Account;
      try {
        account = await store.accounts.insert({
          kind: 'pop3',
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
      const given = args.pop3 ?? {};
      const settings: Pop3Settings = {
        ...DEFAULT_POP3_POLICY,
        ...given,
        checkIntervalSeconds: given.checkIntervalSeconds ?? DEFAULT_POP3_CHECK_SECONDS,
        targetFolderId: null,
      };
      await store.pop3.saveSettings(account.id, settings);
      scheduler.startAccount(account.id);
      return account;
    },
    async start() {
      for (const account of await store.accounts.list()) {
        if (account.kind === 'pop3') scheduler.startAccount(account.id);
      }
    },
    async check(accountId) {
      await scheduler.checkNow(accountId);
      return lastResults.get(accountId) ?? null;
    },
    async fetchWhole(messageRef) {
      const origin = await store.pop3.sourceOf(messageRef);
      if (origin === null) return null;
      const session = await options.openPop3Session(await settingsOf(origin.accountId));
      try {
        const sizes = await session.list();
        const { keys } = await serverKeys(session, [...sizes.keys()]);
        const number = [...keys].find(([, key]) => key === origin.uidl)?.[0];
        if (number === undefined) {
          throw new LetterboxError('not-found', 'Only the header of this message was downloaded, and the server no longer has the message.');
        }
        const source = await session.retrieve(number);
        await local.complete(messageRef, source);
        await session.quit().catch(options.logError);
        return source;
      } finally {
        await session.close().catch(() => undefined);
      }
    },
    stopAccount: (accountId) => scheduler.stopAccount(accountId),
    stopAll: () => scheduler.stopAll(),
  };
}
