import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession, OpenImapSession, RemoteFolder } from '../imap/imap-types.ts';
import type { EmitEvent, SecretStore } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { connectionSettingsFor } from './account-connection.ts';
import { foldersToSync } from './folder-order.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';
import { syncFolderHeaders, type FolderSyncContext } from './sync-folder.ts';
import { connectingStatus, failedStatus, upToDateStatus } from './sync-status.ts';

export type SyncEngineOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly openImapSession: OpenImapSession;
  readonly trustedCertificates?: readonly string[];
  readonly emit: EmitEvent;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly logError: (error: unknown) => void;
  // false forces resync's UID comparison even where the server offers QRESYNC (tests).
  readonly allowModseq?: boolean;
};

export type SyncEngine = {
  // Resolves when the account's folders and headers are up to date; rejects with the
  // LetterboxError that stopped it. A request while a sync of the account runs joins it.
  syncAccount(accountId: string): Promise<void>;
  syncFolder(folderId: string): Promise<void>;
  // Ends the account's running sync, if any, and waits for it to let go.
  stopAccount(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
};

type RunningSync = {
  done: Promise<void>;
  cancelled: boolean;
  session: ImapSession | null;
};

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, emit, reportStatus } = options;
  const running = new Map<string, RunningSync>();
  let stopped = false;

  function start(accountId: string, work: (run: RunningSync, session: ImapSession) => Promise<void>): Promise<void> {
    const existing = running.get(accountId);
    if (existing) return existing.done;
    if (stopped) return Promise.reject(new LetterboxError('internal', 'Letterbox is shutting down.'));
    const run: RunningSync = { done: Promise.resolve(), cancelled: false, session: null };
    const done = (async () => {
      try {
        const account = await store.accounts.get(accountId);
        if (!account) throw new LetterboxError('not-found', 'That account no longer exists.');
        reportStatus(connectingStatus(accountId, account.incoming.host));
        const settings = await connectionSettingsFor(store, options.secretStore, accountId, options.trustedCertificates);
        const session = await options.openImapSession(settings);
        run.session = session;
        try {
          if (run.cancelled) throw new SyncCancelledError();
          await work(run, session);
        } finally {
          run.session = null;
          await session.close().catch(options.logError);
        }
        reportStatus(upToDateStatus(accountId));
      } catch (error) {
        if (run.cancelled) return;
        if (!(error instanceof LetterboxError)) options.logError(error);
        reportStatus(failedStatus(accountId, error));
        throw error;
      } finally {
        running.delete(accountId);
      }
    })();
    run.done = done;
    running.set(accountId, run);
    return done;
  }

  async function stopAccount(accountId: string): Promise<void> {
    const run = running.get(accountId);
    if (!run) return;
    run.cancelled = true;
    await run.session?.close().catch(options.logError);
    await run.done.catch(() => undefined);
  }

  function contextFor(run: RunningSync): FolderSyncContext {
    return { store, emit, reportStatus, isCancelled: () => run.cancelled || stopped, allowModseq: options.allowModseq ?? true };
  }

  async function syncAllFolders(accountId: string, run: RunningSync, session: ImapSession): Promise<void> {
    const listing = await session.listFolders();
    const { folders } = await store.folders.replaceFromServer(accountId, listing);
    emit('foldersChanged', { accountId });
    const remoteByPath = new Map<string, RemoteFolder>(listing.map((folder) => [folder.path, folder]));
    const synced = foldersToSync(folders);
    const syncedIds = new Set(synced.map((folder) => folder.id));
    for (const folder of folders) {
      const remote = remoteByPath.get(folder.path);
      if (!syncedIds.has(folder.id) && remote) await store.folders.setCounts(folder.id, remote.unseen, remote.messages);
    }
    for (const folder of synced) {
      if (run.cancelled || stopped) throw new SyncCancelledError();
      await syncFolderHeaders(contextFor(run), session, folder, remoteByPath.get(folder.path) ?? null);
      emit('foldersChanged', { accountId });
    }
  }

  return {
    syncAccount(accountId) {
      return start(accountId, (run, session) => syncAllFolders(accountId, run, session));
    },
    async syncFolder(folderId) {
      const folder = await store.folders.get(folderId);
      if (!folder) throw new LetterboxError('not-found', 'That folder no longer exists.');
      if (!folder.selectable) throw new LetterboxError('invalid-argument', `${folder.name} holds only other folders, no messages.`);
      // A running sync may have passed this folder before the change that prompted this
      // request (an IDLE notification), so this one waits for it and then runs its own.
      for (let waiting = running.get(folder.accountId); waiting; waiting = running.get(folder.accountId)) {
        await waiting.done.catch(() => undefined);
      }
      await start(folder.accountId, async (run, session) => {
        await syncFolderHeaders(contextFor(run), session, folder, null);
        emit('foldersChanged', { accountId: folder.accountId });
      });
    },
    stopAccount,
    async stopAll() {
      stopped = true;
      await Promise.all([...running.keys()].map((accountId) => stopAccount(accountId)));
    },
  };
}
