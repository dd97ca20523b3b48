import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession, OpenImapSession, RemoteFolder } from '../imap/imap-types.ts';
import type { EmitEvent, SecretStore } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { connectionSettingsFor } from './account-connection.ts';
import { foldersToSync } from './folder-order.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';
import { syncFolderHeaders, type FolderSyncContext } from './sync-folder.ts';
import { downloadBodies, policyFloor } from './download-bodies.ts';
import { cancelHeapSettle, settleHeapSoon } from '../settle-heap.ts';
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
  // Mail fetched into a folder synced before (electron/notifications/).
  readonly onNewMail?: (folderId: string, uids: readonly number[]) => void;
};

export type SyncEngine = {
  // Resolves when the account's folders and headers are up to date; rejects with the
  // LetterboxError that stopped it. A request while an older sync of the account runs
  // waits for it and then runs once more (shared by all such requests): the older run
  // may have listed the server before the change that prompted the request.
  syncAccount(accountId: string): Promise<void>;
  syncFolder(folderId: string): Promise<void>;
  // Ends the account's running sync, if any, and waits for it to let go.
  stopAccount(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
};

type RunningSync = {
  // Runs are numbered as they launch, so a request can tell a run that began after it
  // (which sees every change the request could have been made for) from an older one.
  readonly sequence: number;
  // A whole-account run lists folders and syncs them all; a folder run syncs one.
  readonly wholeAccount: boolean;
  // The whole run, the background body download included.
  done: Promise<void>;
  // Headers and flags are true to the server; bodies may still be downloading.
  ready: Promise<void>;
  cancelled: boolean;
  // Set once the run starts reading the server's state: a request made before that is
  // answered by this run.
  reading: boolean;
  session: ImapSession | null;
  // Set once the headers are done and the run only downloads bodies.
  downloading: boolean;
  // Another sync waits for the connection: the body download stops after its batch.
  yieldRequested: boolean;
};

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, emit, reportStatus } = options;
  const running = new Map<string, RunningSync>();
  let stopped = false;
  let launched = 0;

  // A run that began after the request, or has not yet read the server, is joined. An
  // older one is let finish its headers
  // (a body download gives way after its batch), then a new run starts, or the one another
  // waiting request started meanwhile is joined.
  async function start(accountId: string, work: (run: RunningSync, session: ImapSession) => Promise<void>): Promise<void> {
    const requestedAfter = launched;
    for (let existing = running.get(accountId); existing; existing = running.get(accountId)) {
      if (existing.wholeAccount && (!existing.reading || existing.sequence > requestedAfter)) return existing.ready;
      if (existing.downloading) {
        existing.yieldRequested = true;
        await existing.done.catch(() => undefined);
      } else {
        await existing.ready.catch(() => undefined);
      }
    }
    return launch(accountId, work, true);
  }

  function launch(accountId: string, work: (run: RunningSync, session: ImapSession) => Promise<void>, wholeAccount: boolean): Promise<void> {
    if (stopped) return Promise.reject(new LetterboxError('internal', 'Letterbox is shutting down.'));
    let headersDone: () => void = () => undefined;
    let headersFailed: (error: unknown) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      headersDone = resolve;
      headersFailed = reject;
    });
    launched += 1;
    cancelHeapSettle();
    const run: RunningSync = { sequence: launched, wholeAccount, done: Promise.resolve(), ready, cancelled: false, reading: false, session: null, downloading: false, yieldRequested: false };
    const done = (async () => {
      let releaseBodies: () => void = () => undefined;
      let endHeaderSync: () => void = () => undefined;
      try {
        const account = await store.accounts.get(accountId);
        if (!account) throw new LetterboxError('not-found', 'That account no longer exists.');
        // The bodies this run's download will store: their rows are word-indexed once, with
        // them, not by their headers first (word-index.ts). Released however the run ends.
        const policy = await store.offlinePolicy.get(accountId);
        if (policy.mode !== 'headers') releaseBodies = store.offlinePolicy.expectBodies(accountId, policyFloor(policy, Date.now()));
        reportStatus(connectingStatus(accountId, account.incoming.host));
        // Threads and the word index catch up once the headers are in (or every 15 s of a
        // long first sync): the list first (header-writer.ts beginHeaderSync).
        endHeaderSync = store.messages.beginHeaderSync((await store.folders.listByAccount(accountId)).length === 0);
        const settings = await connectionSettingsFor(store, options.secretStore, accountId, options.trustedCertificates);
        const session = await options.openImapSession(settings);
        run.session = session;
        try {
          if (run.cancelled) throw new SyncCancelledError();
          run.reading = true;
          await work(run, session);
          endHeaderSync();
          reportStatus(upToDateStatus(accountId));
          run.downloading = true;
          headersDone();
          // "Downloading messages n of m" follows, then "Up to date" again.
          if (await bodiesInBackground(accountId, run, session)) reportStatus(upToDateStatus(accountId));
        } finally {
          run.session = null;
          await session.close().catch(options.logError);
        }
      } catch (error) {
        if (run.cancelled) {
          headersDone();
          return;
        }
        headersFailed(error);
        if (!(error instanceof LetterboxError)) options.logError(error);
        reportStatus(failedStatus(accountId, error));
        throw error;
      } finally {
        endHeaderSync();
        releaseBodies();
        running.delete(accountId);
        // Parsing FETCH answers grew the young generation: given back once every run has
        // ended and the process is quiet (settle-heap.ts).
        if (running.size === 0) settleHeapSoon();
      }
    })();
    run.done = done;
    // Callers wait on `ready` or `done`; an unobserved rejection here is not a crash.
    ready.catch(() => undefined);
    done.catch(() => undefined);
    running.set(accountId, run);
    return ready;
  }

  // The offline policy's bodies, after the headers, on the same connection. Its failures
  // are reported, never thrown: the headers are already true. True when it downloaded
  // messages and finished, so "Up to date" is said again.
  async function bodiesInBackground(accountId: string, run: RunningSync, session: ImapSession): Promise<boolean> {
    try {
      const result = await downloadBodies(
        { store, emit, reportStatus, isCancelled: () => run.cancelled || stopped, shouldYield: () => run.yieldRequested },
        session,
        accountId,
      );
      return result.finished && result.downloaded > 0;
    } catch (error) {
      if (run.cancelled || stopped || error instanceof SyncCancelledError) return false;
      if (!(error instanceof LetterboxError)) options.logError(error);
      // A lost network is seen by the IDLE connections too, which reconnect and sync again;
      // anything else waits for the next check.
      reportStatus(failedStatus(accountId, error));
      return false;
    }
  }

  async function stopAccount(accountId: string): Promise<void> {
    const run = running.get(accountId);
    if (!run) return;
    run.cancelled = true;
    await run.session?.close().catch(options.logError);
    await run.done.catch(() => undefined);
  }

  function contextFor(run: RunningSync): FolderSyncContext {
    return {
      store,
      emit,
      reportStatus,
      isCancelled: () => run.cancelled || stopped,
      allowModseq: options.allowModseq ?? true,
      ...(options.onNewMail ? { onNewMail: options.onNewMail } : {}),
    };
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
    // A folder the server refuses (NO to its EXAMINE, gone since LIST, an impossible EXISTS or UIDNEXT) is
    // reported once the others are synced: one broken or hostile folder name must not keep
    // the rest of the account from syncing. Anything else (network, login) stops the run.
    const refused: string[] = [];
    for (const folder of synced) {
      if (run.cancelled || stopped) throw new SyncCancelledError();
      try {
        await syncFolderHeaders(contextFor(run), session, folder, remoteByPath.get(folder.path) ?? null);
      } catch (error) {
        if (!(error instanceof LetterboxError) || (error.code !== 'server-error' && error.code !== 'not-found')) throw error;
        refused.push(`"${folder.name}": ${error.message}`);
      }
      emit('foldersChanged', { accountId });
    }
    if (refused.length > 0) {
      const more = refused.length > 3 ? ` (and ${refused.length - 3} more)` : '';
      throw new LetterboxError('server-error', `${refused.length === 1 ? 'A folder' : `${refused.length} folders`} could not be synced; the others are up to date. ${refused.slice(0, 3).join(' ')}${more}`);
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
      // request (an IDLE notification), so this one always runs its own.
      for (let waiting = running.get(folder.accountId); waiting; waiting = running.get(folder.accountId)) {
        // A body download gives way after its batch; header work is waited for.
        if (waiting.downloading) waiting.yieldRequested = true;
        await waiting.done.catch(() => undefined);
      }
      await launch(folder.accountId, async (run, session) => {
        await syncFolderHeaders(contextFor(run), session, folder, null);
        emit('foldersChanged', { accountId: folder.accountId });
      }, false);
    },
    stopAccount,
    async stopAll() {
      stopped = true;
      await Promise.all([...running.keys()].map((accountId) => stopAccount(accountId)));
    },
  };
}
