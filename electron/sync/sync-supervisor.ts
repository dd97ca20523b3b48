import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession, OpenImapSession } from '../imap/imap-types.ts';
import type { NotifyNotice, NotifySession, OpenNotifySession } from '../imap/notify-types.ts';
import type { SecretStore } from '../service/service-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { Store } from '../store/store.ts';
import { connectionSettingsFor } from './account-connection.ts';
import { isInbox } from './folder-order.ts';
import { planNotifiedSyncs } from './notified-folders.ts';
import { DEFAULT_BACKOFF, reconnectDelayMs, reconnectingText, type BackoffPolicy } from './reconnect-delay.ts';
import type { SyncEngine } from './sync-engine.ts';
import { isOfflineError } from './sync-status.ts';

export type SyncSupervisorOptions = {
  readonly store: Store;
  readonly secretStore: SecretStore;
  readonly openImapSession: OpenImapSession;
  readonly trustedCertificates?: readonly string[];
  readonly engine: SyncEngine;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly logError: (error: unknown) => void;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  // Between a change notification and the folder sync it prompts: a burst of EXISTS and
  // FETCH lines from one action elsewhere becomes one resync.
  readonly pushDebounceMs?: number;
  // Replaces every account's check interval (tests).
  readonly checkIntervalMs?: number;
  // One more connection per account where the server offers NOTIFY (RFC 5465), so changes
  // in every other folder arrive at once too; without it those wait for the check.
  readonly openNotifySession?: OpenNotifySession;
};

export type SyncSupervisor = {
  // Reads "Work offline" and starts every account unless it is on.
  start(): Promise<void>;
  // Syncs the account now, then keeps it true: IDLE on the Inbox and the viewed folder,
  // a check of every folder on the account's interval, reconnects with backoff.
  startAccount(accountId: string): void;
  stopAccount(accountId: string): Promise<void>;
  // The folder the window shows, watched with IDLE besides the Inbox; null for none.
  setViewedFolder(folderId: string | null): Promise<void>;
  setWorkOffline(offline: boolean): Promise<void>;
  // Waits for start() to have read the stored setting.
  isWorkingOffline(): Promise<boolean>;
  // 'work-offline' when the user chose it, 'unreachable' while the account waits to
  // reconnect after its server could not be reached, else 'online'.
  networkState(accountId: string): Promise<'online' | 'work-offline' | 'unreachable'>;
  // Re-arms the account's check timer after its interval changed.
  rescheduleCheck(accountId: string): void;
  stopAll(): Promise<void>;
};

type Timer = ReturnType<typeof setTimeout>;

type Watcher = {
  readonly folderId: string;
  session: ImapSession | null;
  closing: boolean;
};

type NotifyWatch = {
  session: NotifySession | null;
  closing: boolean;
};

type FolderSyncRequest = {
  timer: Timer | null;
  running: boolean;
  again: boolean;
};

type AccountState = {
  readonly accountId: string;
  active: boolean;
  cycling: boolean;
  attempt: number;
  retryTimer: Timer | null;
  countdown: ReturnType<typeof setInterval> | null;
  checkTimer: Timer | null;
  readonly watchers: Map<string, Watcher>;
  readonly folderSyncs: Map<string, FolderSyncRequest>;
  notify: NotifyWatch | null;
  // The server did not offer NOTIFY: not asked again until the account restarts.
  notifyUnsupported: boolean;
  notices: NotifyNotice[];
  noticeTimer: Timer | null;
};

// Read through a function: an account can be stopped while any await is pending.
function isActive(state: AccountState): boolean {
  return state.active;
}

function isClosed(notify: NotifyWatch): boolean {
  return notify.closing;
}

function isAgain(request: FolderSyncRequest): boolean {
  return request.again;
}

export const OFFLINE_STATUS: SyncStatus = { state: 'offline', text: 'Offline', accountId: null };

// Keeps each account's cache true while Letterbox runs: one place that decides when to
// sync, so the engine only knows how.
export function createSyncSupervisor(options: SyncSupervisorOptions): SyncSupervisor {
  const { store, engine, reportStatus, logError } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const debounceMs = options.pushDebounceMs ?? 100;
  const accounts = new Map<string, AccountState>();
  let viewedFolderId: string | null = null;
  let workOffline = false;
  let stopped = false;
  let started: Promise<void> = Promise.resolve();

  function clearTimers(state: AccountState): void {
    if (state.retryTimer !== null) clearTimeout(state.retryTimer);
    if (state.countdown !== null) clearInterval(state.countdown);
    if (state.checkTimer !== null) clearTimeout(state.checkTimer);
    state.retryTimer = null;
    state.countdown = null;
    state.checkTimer = null;
  }

  async function cycle(state: AccountState): Promise<void> {
    if (!state.active || state.cycling) return;
    state.cycling = true;
    clearTimers(state);
    try {
      await engine.syncAccount(state.accountId);
      state.attempt = 0;
      if (!isActive(state)) return;
      await ensureWatchers(state);
      ensureNotify(state);
      await scheduleCheck(state);
    } catch (error) {
      if (!isActive(state)) return;
      if (isOfflineError(error)) scheduleReconnect(state);
      else {
        // The engine has reported it; try again at the next check rather than hammer.
        if (!(error instanceof LetterboxError)) logError(error);
        await scheduleCheck(state);
      }
    } finally {
      state.cycling = false;
    }
  }

  async function scheduleCheck(state: AccountState): Promise<void> {
    const intervalMs = options.checkIntervalMs ?? (await store.sync.checkIntervalSeconds(state.accountId)) * 1000;
    if (!state.active || state.retryTimer !== null) return;
    if (state.checkTimer !== null) clearTimeout(state.checkTimer);
    state.checkTimer = setTimeout(() => {
      state.checkTimer = null;
      void cycle(state);
    }, intervalMs);
  }

  function scheduleReconnect(state: AccountState): void {
    if (!state.active || state.retryTimer !== null) return;
    clearTimers(state);
    closeWatchers(state);
    const delay = reconnectDelayMs(state.attempt, random, backoff);
    state.attempt += 1;
    const deadline = Date.now() + delay;
    const report = (): void => {
      reportStatus({ state: 'offline', text: reconnectingText(deadline - Date.now()), accountId: state.accountId });
    };
    report();
    state.countdown = setInterval(report, 1000);
    state.retryTimer = setTimeout(() => {
      if (state.countdown !== null) clearInterval(state.countdown);
      state.countdown = null;
      state.retryTimer = null;
      void cycle(state);
    }, delay);
  }

  async function wantedFolders(state: AccountState): Promise<readonly StoredFolder[]> {
    const folders = await store.folders.listByAccount(state.accountId);
    return folders.filter((folder) => folder.selectable && (isInbox(folder) || folder.id === viewedFolderId));
  }

  async function ensureWatchers(state: AccountState): Promise<void> {
    const wanted = await wantedFolders(state);
    if (!state.active) return;
    const wantedIds = new Set(wanted.map((folder) => folder.id));
    for (const [folderId, watcher] of state.watchers) {
      if (!wantedIds.has(folderId)) closeWatcher(state, watcher);
    }
    for (const folder of wanted) {
      if (!state.watchers.has(folder.id)) startWatcher(state, folder);
    }
  }

  function startWatcher(state: AccountState, folder: StoredFolder): void {
    const watcher: Watcher = { folderId: folder.id, session: null, closing: false };
    state.watchers.set(folder.id, watcher);
    const onChange = (): void => {
      requestFolderSync(state, folder.id);
    };
    void (async () => {
      try {
        const settings = await connectionSettingsFor(store, options.secretStore, state.accountId, options.trustedCertificates);
        const session = await options.openImapSession(settings);
        watcher.session = session;
        if (watcher.closing) return;
        // onReady: what changed between the last sync and the start of IDLE is caught too.
        await session.watch(folder.path, { onReady: onChange, onChange });
      } catch (error) {
        if (watcher.closing || !state.active) return;
        if (state.watchers.get(folder.id) === watcher) state.watchers.delete(folder.id);
        if (isOfflineError(error)) scheduleReconnect(state);
        else {
          // The folder went away or cannot be selected: the next LIST says what became of it.
          if (!(error instanceof LetterboxError)) logError(error);
          void cycle(state);
        }
      } finally {
        if (state.watchers.get(folder.id) === watcher && !watcher.closing) state.watchers.delete(folder.id);
        await watcher.session?.close().catch(logError);
      }
    })();
  }

  function closeWatcher(state: AccountState, watcher: Watcher): void {
    watcher.closing = true;
    state.watchers.delete(watcher.folderId);
    void watcher.session?.close().catch(logError);
  }

  function closeWatchers(state: AccountState): void {
    for (const watcher of [...state.watchers.values()]) closeWatcher(state, watcher);
    closeNotify(state);
  }

  function isIdled(state: AccountState, folderId: string): boolean {
    return state.watchers.get(folderId)?.session != null;
  }

  // A NOTIFY connection that fails for any reason but the network (refused, or a server
  // that misbehaves) leaves the interval checks to do its work, and is tried again at the
  // next check; a lost network reconnects the account like a lost IDLE connection.
  function ensureNotify(state: AccountState): void {
    const open = options.openNotifySession;
    if (open === undefined || !state.active || state.notify !== null || state.notifyUnsupported) return;
    const notify: NotifyWatch = { session: null, closing: false };
    state.notify = notify;
    void (async () => {
      try {
        const settings = await connectionSettingsFor(store, options.secretStore, state.accountId, options.trustedCertificates);
        if (notify.closing) return;
        const session = await open(settings, {
          onNotice: (notice) => {
            if (!notify.closing) queueNotice(state, notice);
          },
        });
        if (session === null) {
          state.notifyUnsupported = true;
          return;
        }
        notify.session = session;
        if (isClosed(notify)) return;
        await session.done;
      } catch (error) {
        if (notify.closing || !state.active) return;
        if (isOfflineError(error)) scheduleReconnect(state);
        // Nothing else reports it: the account's status stays what its syncs say.
        else logError(error);
      } finally {
        if (state.notify === notify) state.notify = null;
        await notify.session?.close().catch(logError);
      }
    })();
  }

  function closeNotify(state: AccountState): void {
    const notify = state.notify;
    state.notify = null;
    if (state.noticeTimer !== null) clearTimeout(state.noticeTimer);
    state.noticeTimer = null;
    state.notices = [];
    if (notify === null) return;
    notify.closing = true;
    void notify.session?.close().catch(logError);
  }

  // Notices arrive in bursts (one per folder when NOTIFY starts, several per change):
  // they are gathered for the push debounce and then decided on together.
  function queueNotice(state: AccountState, notice: NotifyNotice): void {
    state.notices.push(notice);
    if (state.noticeTimer !== null) return;
    state.noticeTimer = setTimeout(() => {
      state.noticeTimer = null;
      const notices = state.notices;
      state.notices = [];
      void applyNotices(state, notices);
    }, debounceMs);
  }

  async function applyNotices(state: AccountState, notices: readonly NotifyNotice[]): Promise<void> {
    if (notices.some((notice) => notice.kind === 'overflow')) {
      // RFC 5465 5.8: the server stopped notifying; a new connection asks again.
      closeNotify(state);
    }
    const folders = await store.folders.listByAccount(state.accountId);
    if (!isActive(state)) return;
    const plan = planNotifiedSyncs(notices, { folders, viewedFolderId, isIdled: (folderId) => isIdled(state, folderId) });
    for (const folderId of plan.folderIds) requestFolderSync(state, folderId);
    if (plan.account) await syncNotifiedAccount(state);
    else ensureNotify(state);
  }

  async function syncNotifiedAccount(state: AccountState): Promise<void> {
    try {
      // Joins a running account sync that has not read the folder list yet, else runs after it.
      await engine.syncAccount(state.accountId);
      if (!isActive(state) || state.retryTimer !== null) return;
      await ensureWatchers(state);
      ensureNotify(state);
    } catch (error) {
      if (!isActive(state)) return;
      if (isOfflineError(error)) scheduleReconnect(state);
      else if (!(error instanceof LetterboxError)) logError(error);
    }
  }

  function requestFolderSync(state: AccountState, folderId: string): void {
    let request = state.folderSyncs.get(folderId);
    if (!request) {
      request = { timer: null, running: false, again: false };
      state.folderSyncs.set(folderId, request);
    }
    if (request.running) {
      request.again = true;
      return;
    }
    if (request.timer !== null) return;
    const pending = request;
    pending.timer = setTimeout(() => {
      pending.timer = null;
      void runFolderSync(state, folderId, pending);
    }, debounceMs);
  }

  async function runFolderSync(state: AccountState, folderId: string, request: FolderSyncRequest): Promise<void> {
    request.running = true;
    try {
      do {
        request.again = false;
        if (!isActive(state)) return;
        await engine.syncFolder(folderId);
      } while (isAgain(request));
    } catch (error) {
      if (!isActive(state)) return;
      if (isOfflineError(error)) scheduleReconnect(state);
      else if (!(error instanceof LetterboxError)) logError(error);
    } finally {
      request.running = false;
    }
  }

  async function deactivate(accountId: string): Promise<void> {
    const state = accounts.get(accountId);
    accounts.delete(accountId);
    if (!state) return;
    state.active = false;
    clearTimers(state);
    closeWatchers(state);
    for (const request of state.folderSyncs.values()) {
      if (request.timer !== null) clearTimeout(request.timer);
    }
    await engine.stopAccount(accountId);
  }

  function startAccount(accountId: string): void {
    if (stopped || workOffline || accounts.has(accountId)) return;
    const state: AccountState = {
      accountId,
      active: true,
      cycling: false,
      attempt: 0,
      retryTimer: null,
      countdown: null,
      checkTimer: null,
      watchers: new Map(),
      folderSyncs: new Map(),
      notify: null,
      notifyUnsupported: false,
      notices: [],
      noticeTimer: null,
    };
    accounts.set(accountId, state);
    void cycle(state);
  }

  return {
    start() {
      started = (async () => {
        workOffline = await store.sync.workOffline();
        if (workOffline) {
          reportStatus(OFFLINE_STATUS);
          return;
        }
        for (const account of await store.accounts.list()) if (account.kind === 'imap') startAccount(account.id);
      })();
      return started;
    },
    startAccount,
    stopAccount: deactivate,
    async setViewedFolder(folderId) {
      viewedFolderId = folderId;
      const folder = folderId === null ? null : await store.folders.get(folderId);
      for (const state of accounts.values()) {
        if (state.cycling || state.retryTimer !== null) continue;
        await ensureWatchers(state);
        // Opening a folder brings it up to date at once, whether or not it is subscribed.
        if (folder?.accountId === state.accountId && folder.selectable) requestFolderSync(state, folder.id);
      }
    },
    async setWorkOffline(offline) {
      await started.catch(() => undefined);
      await store.sync.setWorkOffline(offline);
      if (offline === workOffline) return;
      workOffline = offline;
      if (offline) {
        await Promise.all([...accounts.keys()].map(deactivate));
        reportStatus(OFFLINE_STATUS);
        return;
      }
      for (const account of await store.accounts.list()) if (account.kind === 'imap') startAccount(account.id);
    },
    async isWorkingOffline() {
      await started.catch(() => undefined);
      return workOffline;
    },
    async networkState(accountId) {
      await started.catch(() => undefined);
      if (workOffline) return 'work-offline';
      const state = accounts.get(accountId);
      return state === undefined || state.retryTimer === null ? 'online' : 'unreachable';
    },
    rescheduleCheck(accountId) {
      const state = accounts.get(accountId);
      if (state && !state.cycling && state.retryTimer === null) void scheduleCheck(state);
    },
    async stopAll() {
      stopped = true;
      await Promise.all([...accounts.keys()].map(deactivate));
    },
  };
}
