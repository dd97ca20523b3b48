// Local Folders and POP3 as the service sees them: one object create-service composes, so
// its own edits stay a few lines. IMAP accounts never reach here.
import { createLocalFolderTree } from './local-folder-tree.ts';
import type { Account, SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { Pop3AccountArgs } from '../../shared/schemas.ts';
import { openPop3Session as defaultOpenPop3Session } from '../pop3/open-pop3-session.ts';
import type { OpenPop3Session } from '../pop3/pop3-types.ts';
import { createPop3Accounts } from '../pop3-sync/pop3-accounts.ts';
import type { Pop3CheckResult } from '../pop3-sync/run-pop3-check.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent, SecretStore } from '../service/service-types.ts';
import type { StoredMessage } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import { createLocalFolders, type LocalFolders } from './local-folders.ts';
import { withLocalFolders } from './local-session.ts';
import { createLocalFolderChanges, type LocalFolderChanges } from './local-folder-changes.ts';
import type { StoredCredential } from '../service/account-setup.ts';

export type LocalMailOptions = {
  readonly store: Store;
  readonly dataDir: string;
  readonly secretStore: SecretStore;
  readonly openPop3Session?: OpenPop3Session;
  readonly trustedCertificates?: readonly string[];
  readonly emit: EmitEvent;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly isOffline: () => Promise<boolean>;
  readonly logError: (error: unknown) => void;
  readonly pop3CheckIntervalMs?: number;
};

export type LocalMail = {
  readonly folders: LocalFolders;
  // Renaming and deleting local folders (the folder handlers hand Local Folders' folders here).
  readonly folderChanges: LocalFolderChanges;
  wrapSessions(sessions: InteractiveSessions): InteractiveSessions;
  readLocal(stored: StoredMessage): Promise<Buffer | undefined>;
  // credential and accessToken: an OAuth2 sign-in in place of the password (electron/oauth/).
  addPop3Account(args: Pop3AccountArgs, credential?: StoredCredential): Promise<Account>;
  testPop3Account(args: Pop3AccountArgs, accessToken?: string): Promise<readonly string[]>;
  kindOf(accountId: string): Promise<Account['kind'] | null>;
  // Before an account is removed: refuses Local Folders, stops a POP3 account's checks.
  beforeRemove(accountId: string): Promise<void>;
  checkPop3(accountId: string): Promise<Pop3CheckResult | null>;
  start(): void;
  // Settles once start() has finished what a crash left in tmp/.
  ready(): Promise<void>;
  stop(): Promise<void>;
};

export function createLocalMail(options: LocalMailOptions): LocalMail {
  const { store, emit } = options;
  const folders = createLocalFolders(store, options.dataDir);
  const pop3 = createPop3Accounts({
    store,
    secretStore: options.secretStore,
    local: folders,
    openPop3Session: options.openPop3Session ?? defaultOpenPop3Session,
    ...(options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {}),
    reportStatus: options.reportStatus,
    onDelivered(folderIds) {
      emit('messagesChanged', { folderIds });
      void folders.account().then((account) => {
        emit('foldersChanged', { accountId: account.accountId });
      }, options.logError);
    },
    isOffline: options.isOffline,
    logError: options.logError,
    ...(options.pop3CheckIntervalMs === undefined ? {} : { checkIntervalMs: options.pop3CheckIntervalMs }),
  });

  let starting: Promise<void> = Promise.resolve();
  let stopped = false;

  async function kindOf(accountId: string): Promise<Account['kind'] | null> {
    return (await store.accounts.get(accountId))?.kind ?? null;
  }

  return {
    folders,
    folderChanges: createLocalFolderChanges({ store, local: folders, changes: store.localFolderChanges, emit, ready: () => starting }),
    wrapSessions: (sessions) => withLocalFolders(sessions, folders, createLocalFolderTree(store)),
    async readLocal(stored) {
      if ((await kindOf(stored.accountId)) !== 'local') return undefined;
      const source = await folders.readSource(stored.id);
      if (source !== null) return source;
      try {
        const whole = await pop3.fetchWhole(stored.id);
        if (whole === null) throw new LetterboxError('not-found', 'Only the header of this message is kept here.');
        emit('messagesChanged', { folderIds: [stored.folderId] });
        return whole;
      } catch (error) {
        if (!isOfflineError(error)) throw error;
        throw new LetterboxError(
          'network',
          `Only the header of this large message was downloaded, and its POP3 server cannot be reached (${(error as Error).message}). It will open once Letterbox is back online.`,
        );
      }
    },
    addPop3Account: (args, credential) => pop3.add(args, credential),
    testPop3Account: (args, accessToken) => pop3.tryLogin(args, accessToken),
    kindOf,
    async beforeRemove(accountId) {
      const kind = await kindOf(accountId);
      if (kind === 'local') {
        throw new LetterboxError('invalid-argument', 'Local Folders cannot be removed: they hold the mail kept on this computer.');
      }
      if (kind === 'pop3') await pop3.stopAccount(accountId);
    },
    checkPop3: (accountId) => pop3.check(accountId),
    start() {
      starting = (async () => {
        await folders.recover();
        if (!stopped) await pop3.start();
      })().catch(options.logError);
    },
    ready: () => starting,
    async stop() {
      stopped = true;
      await starting;
      await pop3.stopAll();
    },
  };
}
