// A Service for transport tests: the real dispatch (argument parsing, envelopes) over
// fake handlers, with a way to push events as the real service would.
import { LetterboxError } from '../../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import { createDispatch } from '../service/dispatch.ts';
import type { EventListener, Handlers, Service } from '../service/service-types.ts';

export type FakeService = {
  readonly service: Service;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  listenerCount(): number;
};

export function createFakeService(): FakeService {
  const listeners = new Set<EventListener>();
  function notHere(): Promise<never> {
    return Promise.reject(new LetterboxError('not-found', 'The fake service has no such thing.'));
  }
  const handlers: Handlers = {
    addAccount: notHere,
    testAccount: notHere,
    listAccounts: () => Promise.resolve([]),
    removeAccount: notHere,
    getAccountLocalMail: notHere,
    listFolders: notHere,
    listMessages: notHere,
    getMessage: notHere,
    getAttachment: notHere,
    syncAccount: notHere,
    syncFolder: notHere,
    getStatus: () => Promise.resolve({ state: 'idle', text: 'Up to date', accountId: null }),
    listSignInNeeded: () => Promise.resolve([]),
    openExternal: ({ url }) => Promise.resolve({ opened: false, url, confirm: null }),
    getPasswordStorage: () => Promise.resolve({ backend: 'file', protection: 'file', askBeforeStoring: false, explanation: 'Kept in a file.' }),
    setFlags: notHere,
    deleteMessages: notHere,
    moveMessages: notHere,
    archiveMessages: notHere,
    getPendingActions: () => Promise.resolve({ count: 0 }),
    setViewedFolder: () => Promise.resolve(null),
    setWorkOffline: ({ offline }) => Promise.resolve({ offline }),
    getWorkOffline: () => Promise.resolve({ offline: false }),
    getCheckInterval: () => Promise.resolve({ seconds: 300 }),
    setCheckInterval: () => Promise.resolve(null),
    getOfflinePolicy: () => Promise.resolve({ mode: 'recent', days: 30 }),
    setOfflinePolicy: () => Promise.resolve(null),
    searchMessages: ({ offset }) => Promise.resolve({ total: 0, offset, items: [], terms: [], serverSearched: false }),
    searchServer: notHere,
    listSavedSearches: () => Promise.resolve([]),
    saveSearch: notHere,
    removeSavedSearch: notHere,
    listKeywords: () => Promise.resolve([]),
    listUnifiedFolders: () => Promise.resolve([]),
    getQuota: notHere,
    listConversations: notHere,
    listConversationMessageIds: notHere,
    createKeyword: notHere,
    updateKeyword: notHere,
    deleteKeyword: notHere,
    setKeywords: notHere,
    copyMessages: notHere,
    createFolder: notHere,
    renameFolder: notHere,
    deleteFolder: notHere,
    emptyLocalTrash: notHere,
    setFolderSubscribed: notHere,
    saveLocally: notHere,
    saveFolderLocally: notHere,
    getLocalArchivePolicy: notHere,
    setLocalArchivePolicy: notHere,
    beginImport: notHere,
    importChunk: notHere,
    endImport: notHere,
    beginExport: notHere,
    getPop3Target: notHere,
    setPop3Target: notHere,
    backupStore: notHere,
    exportAccount: notHere,
    importAccountExport: notHere,
    sendMessage: notHere,
    saveDraft: notHere,
    discardDraft: () => Promise.resolve(null),
    prepareReply: notHere,
    listOutbox: () => Promise.resolve([]),
    cancelOutbox: notHere,
    retryOutbox: notHere,
    suggestAddresses: () => Promise.resolve([]),
    undoSend: notHere,
    resolveHeldOutbox: notHere,
    openDraft: notHere,
    listDrafts: () => Promise.resolve([]),
    getSendDelay: () => Promise.resolve({ seconds: 5 }),
    setSendDelay: () => Promise.resolve(null),
    setOutgoingPassword: notHere,
    discoverSettings: () => Promise.resolve({ source: 'none', description: '', incoming: [], outgoing: null, unencryptedOnly: false, steps: [] }),
    trustCertificate: notHere,
    getSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    updateSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    setAccountNotifications: notHere,
    updateAccount: notHere,
    setWindowFocus: () => Promise.resolve(null),
    getRemoteContentPolicy: notHere,
    allowRemoteContent: notHere,
    listRemoteContentConsents: () => Promise.resolve([]),
    revokeRemoteContentConsent: notHere,
    findOAuthProvider: () => Promise.resolve(null),
    startOAuthSignIn: notHere,
    finishOAuthSignIn: notHere,
    cancelOAuthSignIn: () => Promise.resolve(null),
    startOAuthSignInAgain: notHere,
    finishOAuthSignInAgain: notHere,
  };
  return {
    service: {
      dispatch: createDispatch(handlers, () => undefined),
      subscribe(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      close: () => Promise.resolve(),
    },
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    listenerCount() {
      return listeners.size;
    },
  };
}
