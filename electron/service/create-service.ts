import type { Folder, SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { createMessageActions } from '../actions/message-actions.ts';
import { openImapSession as defaultOpenImapSession } from '../imap/open-imap-session.ts';
import { checkExternalUrl } from '../security/external-url-policy.ts';
import { toFolder, type StoredFolder } from '../store/folder-repository.ts';
import { openStore } from '../store/store.ts';
import { isInbox } from '../sync/folder-order.ts';
import { createSyncEngine } from '../sync/sync-engine.ts';
import { createSyncSupervisor } from '../sync/sync-supervisor.ts';
import { createOfflinePolicyHandlers } from '../sync/offline-policy-handlers.ts';
import { createSyncHandlers, refuseWhileOffline } from './sync-handlers.ts';
import { refuseDuplicate, storeAccount, tryLogin, type AccountSetupOptions } from './account-setup.ts';
import { createDispatch } from './dispatch.ts';
import { createEventBus } from './event-bus.ts';
import { createInteractiveSessions } from './interactive-sessions.ts';
import { createMessageReader } from './message-reader.ts';
import { createSearchHandlers } from '../search/search-handlers.ts';
import { createKeywordHandlers } from '../keywords/keyword-handlers.ts';
import { createFolderHandlers } from '../folders/folder-handlers.ts';
import { createSearchService } from '../search/search-service.ts';
import type { Handlers, Service, ServiceOptions } from './service-types.ts';
import { createCertificateTrust } from '../certificates/certificate-trust.ts';
import { createSetupHandlers } from '../autoconfig/setup-handlers.ts';
import { createLocalMail } from '../local/local-mail.ts';
import { createComposeService } from '../compose/compose-service.ts';

// The one implementation of the contract. Transports (IPC, WebSocket) only carry
// requests to `dispatch` and events from `subscribe`; they never see the store.
export function createService(options: ServiceOptions): Service {
  const logError = options.logError ?? ((error: unknown) => { console.error(error); });
  const openImapSession = options.openImapSession ?? defaultOpenImapSession;
  const trusted = options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {};
  const store = openStore(options.dataDir);
  // Each connection carries its server's pinned certificate; refusals are remembered for trustCertificate.
  const certificateTrust = createCertificateTrust(store.certificates);
  const events = createEventBus(logError);
  let status: SyncStatus = { state: 'idle', text: 'Ready', accountId: null };

  function reportStatus(next: SyncStatus): void {
    status = next;
    events.emit('status', next);
  }

  const shared = { store, secretStore: options.secretStore, openImapSession: certificateTrust.wrap(openImapSession), logError, ...trusted };
  const engine = createSyncEngine({
    ...shared,
    emit: events.emit,
    reportStatus,
    ...(options.sync?.allowModseq === undefined ? {} : { allowModseq: options.sync.allowModseq }),
  });
  // Decides when to sync: at start, on IDLE notifications, on each check, after reconnects.
  const supervisor = createSyncSupervisor({ ...shared, ...options.sync, engine, reportStatus });
  // Local Folders (Maildir) and POP3 accounts delivering into them (electron/local/, pop3-sync/).
  const localMail = createLocalMail({
    store,
    dataDir: options.dataDir,
    secretStore: options.secretStore,
    emit: events.emit,
    reportStatus,
    isOffline: () => supervisor.isWorkingOffline(),
    logError,
    ...trusted,
    ...(options.openPop3Session ? { openPop3Session: options.openPop3Session } : {}),
    ...(options.pop3CheckIntervalMs === undefined ? {} : { pop3CheckIntervalMs: options.pop3CheckIntervalMs }),
  });
  const sessions = localMail.wrapSessions(createInteractiveSessions(shared));
  const reader = createMessageReader({ store, sessions, emit: events.emit, networkState: (id) => supervisor.networkState(id), readLocal: (stored) => localMail.readLocal(stored) });
  const search = createSearchService({ store, sessions, emit: events.emit, logError });
  const actions = createMessageActions({
    store,
    sessions,
    emit: events.emit,
    logError,
    ...(options.actionMoveOptions ? { moveOptions: options.actionMoveOptions } : {}),
  });
  events.subscribe((event, payload) => {
    actions.onEvent(event, payload);
  });
  // Compose and send (electron/compose/): the outbox, drafts and replies.
  const compose = createComposeService({
    store,
    secretStore: options.secretStore,
    sessions,
    reader,
    emit: events.emit,
    logError,
    ...trusted,
    isWorkingOffline: () => supervisor.isWorkingOffline(),
    onActionsQueued: () => {
      actions.start();
    },
    ...(options.sendRaw ? { sendRaw: options.sendRaw } : {}),
  });
  events.subscribe((event, payload) => {
    compose.onEvent(event, payload);
  });
  const setup: AccountSetupOptions = shared;

  // Background syncs report through status events; their failure needs no other home.
  function syncInBackground(accountId: string): void {
    supervisor.startAccount(accountId);
  }

  async function requireAccount(accountId: string): Promise<void> {
    if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
  }

  const handlers: Handlers = {
    ...createSearchHandlers(search),
    ...createSetupHandlers(certificateTrust, options.discovery ?? {}),
    ...actions.handlers,
    ...compose.handlers,
    ...createKeywordHandlers({ store, emit: events.emit, actions }),
    ...createFolderHandlers({ store, sessions, emit: events.emit, isWorkingOffline: () => supervisor.isWorkingOffline() }),
    ...createSyncHandlers(store, supervisor, () => sessions.closeAll()),
    ...createOfflinePolicyHandlers(store, (accountId) => {
      void supervisor.isWorkingOffline().then((offline) => (offline ? undefined : engine.syncAccount(accountId))).catch(() => undefined);
    }),
    async addAccount(args) {
      await refuseDuplicate(store, args);
      if (args.kind === 'pop3') {
        await localMail.testPop3Account(args);
        await refuseDuplicate(store, args);
        const added = await localMail.addPop3Account(args);
        events.emit('accountsChanged', null);
        return added;
      }
      await tryLogin(setup, args);
      await refuseDuplicate(store, args);
      const account = await storeAccount(setup, args);
      events.emit('accountsChanged', null);
      syncInBackground(account.id);
      return account;
    },
    async testAccount(args) {
      if (args.kind === 'pop3') return { capabilities: await localMail.testPop3Account(args) };
      return { capabilities: await tryLogin(setup, args) };
    },
    listAccounts() {
      return store.accounts.list();
    },
    async removeAccount({ accountId }) {
      const reference = await store.accounts.getSecretReference(accountId);
      if (reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
      await localMail.beforeRemove(accountId);
      await supervisor.stopAccount(accountId);
      await engine.stopAccount(accountId);
      await sessions.closeAccount(accountId);
      await store.accounts.remove(accountId);
      await options.secretStore.delete(reference);
      if (status.accountId === accountId) reportStatus({ state: 'idle', text: 'Ready', accountId: null });
      events.emit('accountsChanged', null);
      return null;
    },
    async listFolders({ accountId }) {
      await requireAccount(accountId);
      return sortForTree(await store.folders.listByAccount(accountId));
    },
    async listMessages({ folderId, offset, limit }) {
      const page = await store.messages.listPage(folderId, offset, limit);
      if (!page) throw new LetterboxError('not-found', 'That folder no longer exists.');
      return page;
    },
    getMessage({ messageId }) {
      return reader.getMessage(messageId);
    },
    getAttachment({ messageId, attachmentId }) {
      return reader.getAttachment(messageId, attachmentId);
    },
    async syncAccount({ accountId }) {
      await requireAccount(accountId);
      await refuseWhileOffline(supervisor);
      if ((await localMail.kindOf(accountId)) === 'pop3') {
        await localMail.checkPop3(accountId);
        return null;
      }
      if ((await localMail.kindOf(accountId)) === 'local') return null;
      await engine.syncAccount(accountId);
      return null;
    },
    async syncFolder({ folderId }) {
      await refuseWhileOffline(supervisor);
      await engine.syncFolder(folderId);
      return null;
    },
    getStatus() {
      return Promise.resolve(status);
    },
    async openExternal({ url }) {
      const check = checkExternalUrl(url);
      if (!check.allowed) throw new LetterboxError('invalid-argument', check.reason);
      return { opened: await options.openExternal(check.url), url: check.url };
    },
  };

  // Cached data shows at once; the network catches up behind it (unless working offline).
  supervisor.start().catch(logError);
  // Changes queued before a restart are sent as soon as the server can be reached.
  actions.start();
  // Messages left in the outbox and drafts not yet on the server go out when they can.
  compose.start();
  // Finishes any delivery a crash interrupted, then starts the POP3 checks.
  localMail.start();

  let closing: Promise<void> | null = null;
  return {
    dispatch: createDispatch(handlers, logError),
    subscribe: (listener) => events.subscribe(listener),
    close() {
      closing ??= (async () => {
        await supervisor.stopAll();
        await localMail.stop();
        await engine.stopAll();
        await actions.stop();
        await compose.stop();
        await sessions.closeAll();
        store.close();
      })();
      return closing;
    },
  };
}

// Inbox first, then the rest by path, so parents come before their children.
function sortForTree(folders: readonly StoredFolder[]): readonly Folder[] {
  return [...folders]
    .sort((a, b) => Number(isInbox(b)) - Number(isInbox(a)) || a.path.localeCompare(b.path))
    .map(toFolder);
}
