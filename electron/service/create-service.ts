import type { Account, Folder, ServerSettings, SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { createMessageActions } from '../actions/message-actions.ts';
import { openImapSession as defaultOpenImapSession } from '../imap/open-imap-session.ts';
import { openPop3Session as defaultOpenPop3Session } from '../pop3/open-pop3-session.ts';
import { openNotifyConnection } from '../imap/notify-connection.ts';
import { createOpenExternalHandler } from '../security/open-external-handler.ts';
import { createPasswordStorageHandlers, requirePasswordStorageConsent } from '../secrets/password-storage-handlers.ts';
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
import { createUnifiedHandlers, listUnifiedMessages } from '../unified/unified-handlers.ts';
import { createQuotaHandlers } from '../quota/quota-handlers.ts';
import { createConversationHandlers } from '../threads/conversation-handlers.ts';
import { deleteAccountLocalMail } from '../local/account-local-mail.ts';
import { createSearchService } from '../search/search-service.ts';
import type { Handlers, Service, ServiceOptions } from './service-types.ts';
import { createCertificateTrust } from '../certificates/certificate-trust.ts';
import { createSetupHandlers } from '../autoconfig/setup-handlers.ts';
import { createLocalMail } from '../local/local-mail.ts';
import { createComposeService } from '../compose/compose-service.ts';
import { createLocalFolderService } from '../local/local-handlers.ts';
import { createAccountExportHandlers } from '../local/account-export-handlers.ts';
import { createRemoteContentHandlers } from '../remote-content/remote-content-handlers.ts';
import { setOutgoingPassword } from '../compose/outgoing-secret.ts';
import { createNewMailNotifier } from '../notifications/new-mail-notifier.ts';
import { createSettingsHandlers } from '../settings/settings-handlers.ts';
import { updateAccount } from '../settings/update-account.ts';
import { builtInProviders } from '../oauth/oauth-providers.ts';
import { attachOAuthTokens, createOAuthTokens, oauthTokensOf } from '../oauth/oauth-tokens.ts';
import { createOAuthSignInHandlers } from '../oauth/oauth-sign-in.ts';
import { createSignInAgain } from '../oauth/sign-in-again.ts';
import { sendRaw } from '../smtp/send-raw.ts';
import { signInNeededAfter } from '../../shared/sync/sign-in-needed.ts';

// The one implementation of the contract. Transports (IPC, WebSocket) only carry
// requests to `dispatch` and events from `subscribe`; they never see the store.
export function createService(options: ServiceOptions): Service {
  const logError = options.logError ?? ((error: unknown) => { console.error(error); });
  const openImapSession = options.openImapSession ?? defaultOpenImapSession;
  const trusted = options.trustedCertificates ? { trustedCertificates: options.trustedCertificates } : {};
  const store = openStore(options.dataDir);
  // OAuth2 accounts' access tokens, found through the SecretStore that holds their refresh tokens.
  const oauthProviders = options.oauth?.providers ?? builtInProviders();
  attachOAuthTokens(
    options.secretStore,
    createOAuthTokens({
      secretStore: options.secretStore,
      providers: oauthProviders,
      ...(options.oauth?.refreshMarginMs === undefined ? {} : { refreshMarginMs: options.oauth.refreshMarginMs }),
    }),
  );
  // Each connection carries its server's pinned certificate (electron/certificates/).
  const certificateTrust = createCertificateTrust(store.certificates);
  const events = createEventBus(logError);
  let status: SyncStatus = { state: 'idle', text: 'Ready', accountId: null };
  let signInNeeded: ReadonlySet<string> = new Set();

  function reportStatus(next: SyncStatus): void {
    status = next;
    signInNeeded = signInNeededAfter(signInNeeded, next);
    events.emit('status', next);
  }

  const shared = { store, secretStore: options.secretStore, openImapSession: certificateTrust.wrap(openImapSession), logError, ...trusted };
  // New Inbox mail becomes newMailNotification events, as electron/desktop's policy decides.
  const notifier = createNewMailNotifier({ store, emit: events.emit, logError });
  const engine = createSyncEngine({
    ...shared,
    emit: events.emit,
    reportStatus,
    onNewMail: (folderId, uids) => { notifier.onNewMail(folderId, uids); },
    ...(options.sync?.allowModseq === undefined ? {} : { allowModseq: options.sync.allowModseq }),
  });
  // Decides when to sync: at start, on IDLE notifications, on each check, after reconnects.
  const openNotifySession = options.openNotifySession === undefined ? (options.openImapSession ? null : openNotifyConnection) : options.openNotifySession;
  const supervisor = createSyncSupervisor({
    ...shared,
    ...options.sync,
    engine,
    reportStatus,
    ...(openNotifySession === null ? {} : { openNotifySession: certificateTrust.wrap((settings, handlers) => openNotifySession(settings, handlers)) }),
  });
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
    openPop3Session: certificateTrust.wrap(options.openPop3Session ?? defaultOpenPop3Session),
    ...(options.pop3CheckIntervalMs === undefined ? {} : { pop3CheckIntervalMs: options.pop3CheckIntervalMs }),
  });
  const sessions = localMail.wrapSessions(createInteractiveSessions(shared));
  const reader = createMessageReader({ store, sessions, emit: events.emit, networkState: (id) => supervisor.networkState(id), readLocal: (stored) => localMail.readLocal(stored), dataDir: options.dataDir });
  const search = createSearchService({ store, sessions, emit: events.emit, logError, dataDir: options.dataDir });
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
    sendRaw: certificateTrust.wrap(options.sendRaw ?? sendRaw),
  });
  events.subscribe((event, payload) => {
    compose.onEvent(event, payload);
  });
  // Save / move to local, mbox and .eml, POP3 targets, backups (electron/local/local-handlers.ts).
  const localFolders = createLocalFolderService({
    store,
    dataDir: options.dataDir,
    local: localMail.folders,
    sessions,
    emit: events.emit,
    isOffline: () => supervisor.isWorkingOffline(),
    logError,
    sourceOf: (messageId) => reader.getSource(messageId),
    syncFolder: (folderId) => engine.syncFolder(folderId),
    reportStatus,
    exportTarget: options.exportTarget,
  });
  events.subscribe((event, payload) => {
    localFolders.onEvent(event, payload);
  });
  const setup: AccountSetupOptions = shared;

  // Background syncs report through status events; their failure needs no other home.
  function syncInBackground(accountId: string): void {
    supervisor.startAccount(accountId);
  }

  async function requireAccount(accountId: string): Promise<void> {
    if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
  }

  const syncHandlers = createSyncHandlers(store, supervisor, () => sessions.closeAll());
  // Logs in to an account's incoming server as it would be with these settings, then out.
  async function tryAccountLogin(current: Account, incoming: ServerSettings, password: string, accessToken?: string): Promise<void> {
    const login = { name: current.name, email: current.email, password, incoming, outgoing: current.outgoing };
    if (current.kind === 'pop3') await localMail.testPop3Account({ kind: 'pop3', ...login }, accessToken);
    else await tryLogin(setup, { kind: 'imap', ...login }, accessToken);
  }
  // Closes the IMAP account's connections and syncs it again with what is now stored.
  async function reconnectAccount(current: Account): Promise<void> {
    if (current.kind !== 'imap') return;
    await supervisor.stopAccount(current.id);
    await sessions.closeAccount(current.id);
    supervisor.startAccount(current.id);
  }
  // An OAuth2 sign-in's account: tried with the access token, then stored like addAccount's.
  const oauthSignIn = createOAuthSignInHandlers({
    providers: oauthProviders,
    tokens: oauthTokensOf(options.secretStore),
    openExternal: options.openExternal,
    ...(options.oauth?.signInTimeoutMs === undefined ? {} : { timeoutMs: options.oauth.signInTimeoutMs }),
    // Sign in again: the new token is tried on the account's server before it is stored.
    ...createSignInAgain({
      store,
      tokens: oauthTokensOf(options.secretStore),
      tryLogin: (current, accessToken) => tryAccountLogin(current, current.incoming, '', accessToken),
      async resume(current) {
        await compose.signedInAgain(current.id);
        if (current.kind === 'imap') await reconnectAccount(current);
        // A POP3 account is checked now rather than at its next turn; the check reports its own status.
        else if (!(await supervisor.isWorkingOffline())) void localMail.checkPop3(current.id).catch(() => undefined);
      },
    }),
    async addAccount(oauthArgs, accessToken, credential) {
      requirePasswordStorageConsent(options.secretStore, oauthArgs.storePasswordWithoutKeyring);
      // The password path's types, with the sign-in standing in for the password.
      const args = { ...oauthArgs, password: '' };
      await refuseDuplicate(store, args);
      if (args.kind === 'pop3') {
        await localMail.testPop3Account(args, accessToken);
        await refuseDuplicate(store, args);
        const added = await localMail.addPop3Account(args, credential);
        events.emit('accountsChanged', null);
        return added;
      }
      await tryLogin(setup, args, accessToken);
      await refuseDuplicate(store, args);
      const account = await storeAccount(setup, args, credential);
      events.emit('accountsChanged', null);
      syncInBackground(account.id);
      return account;
    },
  });
  const handlers: Handlers = {
    ...createSearchHandlers(search),
    ...createSetupHandlers(certificateTrust, { ...options.discovery, ...trusted }),
    ...actions.handlers,
    ...compose.handlers,
    ...localFolders.handlers,
    ...createAccountExportHandlers({ store, local: localMail.folders, emit: events.emit, sourceOf: (messageId) => reader.getSource(messageId) }),
    ...createRemoteContentHandlers(store),
    ...createKeywordHandlers({ store, emit: events.emit, actions }),
    ...createFolderHandlers({ store, sessions, emit: events.emit, isWorkingOffline: () => supervisor.isWorkingOffline(), localFolders: localMail.folderChanges }),
    ...syncHandlers,
    ...createUnifiedHandlers(store),
    ...createQuotaHandlers(store, sessions),
    ...createConversationHandlers(store),
    ...createSettingsHandlers(store, events.emit, notifier),
    async setViewedFolder(args) {
      notifier.setViewedFolder(args.folderId);
      return syncHandlers.setViewedFolder(args);
    },
    async updateAccount(args) {
      const account = await updateAccount(
        {
          store,
          secretStore: options.secretStore,
          tryLogin: (current, incoming, password) => tryAccountLogin(current, incoming, password),
          reconnect: reconnectAccount,
        },
        args,
      );
      events.emit('accountsChanged', null);
      return account;
    },
    ...createOfflinePolicyHandlers(store, (accountId) => {
      void supervisor.isWorkingOffline().then((offline) => (offline ? undefined : engine.syncAccount(accountId))).catch(() => undefined);
    }),
    async addAccount(args) {
      requirePasswordStorageConsent(options.secretStore, args.storePasswordWithoutKeyring);
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
    async getAccountLocalMail({ accountId }) {
      await requireAccount(accountId);
      return { messages: (await store.accountLocalMail.messageIdsOf(accountId)).length };
    },
    async removeAccount({ accountId, localMail: savedMail }) {
      const reference = await store.accounts.getSecretReference(accountId);
      if (reference === null) throw new LetterboxError('not-found', 'That account no longer exists.');
      await localMail.beforeRemove(accountId);
      await supervisor.stopAccount(accountId);
      await engine.stopAccount(accountId);
      await sessions.closeAccount(accountId);
      // Before the account goes: its rows are what ties that mail to it.
      if (savedMail === 'delete') {
        const changed = await deleteAccountLocalMail(store, localMail.folders, accountId);
        if (changed.length > 0) {
          events.emit('messagesChanged', { folderIds: changed });
          events.emit('foldersChanged', { accountId: (await localMail.folders.account()).accountId });
        }
      }
      await store.accounts.remove(accountId);
      await options.secretStore.delete(reference);
      await setOutgoingPassword(options.secretStore, reference, null);
      if (status.accountId === accountId) reportStatus({ state: 'idle', text: 'Ready', accountId: null });
      events.emit('accountsChanged', null);
      return null;
    },
    async listFolders({ accountId }) {
      await requireAccount(accountId);
      return sortForTree(await store.folders.listByAccount(accountId));
    },
    async listMessages({ folderId, offset, limit }) {
      const page = (await listUnifiedMessages(store, folderId, offset, limit)) ?? (await store.messages.listPage(folderId, offset, limit));
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
    async listSignInNeeded() {
      const accounts = new Set((await store.accounts.list()).map((account) => account.id));
      return [...signInNeeded].filter((accountId) => accounts.has(accountId));
    },
    openExternal: createOpenExternalHandler(options.openExternal),
    findOAuthProvider: oauthSignIn.findOAuthProvider,
    startOAuthSignIn: oauthSignIn.startOAuthSignIn,
    finishOAuthSignIn: oauthSignIn.finishOAuthSignIn,
    cancelOAuthSignIn: oauthSignIn.cancelOAuthSignIn,
    startOAuthSignInAgain: oauthSignIn.startOAuthSignInAgain,
    finishOAuthSignInAgain: oauthSignIn.finishOAuthSignInAgain,
    ...createPasswordStorageHandlers(options.secretStore),
  };

  // Cached data shows at once; the network catches up behind it (unless working offline).
  supervisor.start().catch(logError);
  // Changes queued before a restart are sent as soon as the server can be reached.
  actions.start();
  // Messages left in the outbox and drafts not yet on the server go out when they can.
  compose.start();
  // Finishes any delivery a crash interrupted, then starts the POP3 checks.
  localMail.start();
  // Then verifies copies a crash left unverified and finishes interrupted moves to local.
  void localMail.ready().then(() => localFolders.recover()).catch(logError);

  let closing: Promise<void> | null = null;
  return {
    dispatch: createDispatch(handlers, logError),
    subscribe: (listener) => events.subscribe(listener),
    close() {
      closing ??= (async () => {
        oauthSignIn.closeAll();
        notifier.stop();
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
