// The one declaration of what the renderer may ask of main. The preload, the
// browser-mode client and the service handlers are all typed from this object.
import type { z } from 'zod';
import type {
  Account,
  AttachmentContent,
  Folder,
  Message,
  MessagePage,
  SyncStatus,
} from './domain.ts';
import {
  accountIdSchema,
  addAccountSchema,
  attachmentRequestSchema,
  folderIdSchema,
  listMessagesSchema,
  messageIdSchema,
  noArgsSchema,
  openExternalSchema,
  viewedFolderSchema,
  workOfflineSchema,
  checkIntervalSchema,
  messageIdsSchema,
  moveMessagesSchema,
  setFlagsSchema,
} from './schemas.ts';
import type { SavedSearch, SearchPage, ServerSearchReport } from './search/search-types.ts';
import type { DiscoveredSettings } from './setup/setup-types.ts';
import { discoverSettingsSchema, trustCertificateSchema } from './setup/setup-schemas.ts';
import { saveSearchSchema, savedSearchIdSchema, searchMessagesSchema, searchServerSchema } from './search/search-schemas.ts';
import { setOfflinePolicySchema, type OfflinePolicy } from './sync/offline-policy.ts';
import type { Keyword } from './keywords/keyword-types.ts';
import { copyMessagesSchema, createKeywordSchema, keywordAtomSchema, setKeywordsSchema, updateKeywordSchema } from './keywords/keyword-schemas.ts';
import { createFolderSchema, folderSubscriptionSchema, renameFolderSchema } from './folders/folder-schemas.ts';
import type { AddressSuggestion, ComposeStart, OutboxItem, SendOutcome } from './compose/compose-types.ts';
import {
  draftIdSchema,
  outboxIdSchema,
  prepareReplySchema,
  saveDraftSchema,
  sendMessageSchema,
  suggestAddressesSchema,
} from './compose/compose-schemas.ts';

export type Channel<Schema extends z.ZodType, ResultType> = {
  readonly args: Schema;
  // Phantom: carries the result type for the compiler, never read at run time.
  readonly result?: ResultType;
};

function channel<ResultType>() {
  return function withArgs<Schema extends z.ZodType>(args: Schema): Channel<Schema, ResultType> {
    return { args };
  };
}

export const contract = {
  // Tries the connection and login, then stores the account and starts its first sync.
  addAccount: channel<Account>()(addAccountSchema),
  // Tries the connection and login only; nothing is stored.
  testAccount: channel<{ readonly capabilities: readonly string[] }>()(addAccountSchema),
  listAccounts: channel<readonly Account[]>()(noArgsSchema),
  removeAccount: channel<null>()(accountIdSchema),
  listFolders: channel<readonly Folder[]>()(accountIdSchema),
  listMessages: channel<MessagePage>()(listMessagesSchema),
  // Served from the cache when the source is there; otherwise fetched, parsed and cached.
  getMessage: channel<Message>()(messageIdSchema),
  getAttachment: channel<AttachmentContent>()(attachmentRequestSchema),
  syncAccount: channel<null>()(accountIdSchema),
  syncFolder: channel<null>()(folderIdSchema),
  getStatus: channel<SyncStatus>()(noArgsSchema),
  // Electron opens allowed links in the system browser; browser mode answers
  // { opened: false } and the page opens the (already checked) URL itself.
  openExternal: channel<{ readonly opened: boolean; readonly url: string }>()(openExternalSchema),
  // Message actions: applied to the cache at once and queued for the server
  // (electron/actions/); a later failure arrives as an actionFailed event.
  setFlags: channel<null>()(setFlagsSchema),
  // To the Trash; in the Trash, or where there is none, deleted for good.
  deleteMessages: channel<null>()(messageIdsSchema),
  moveMessages: channel<null>()(moveMessagesSchema),
  archiveMessages: channel<null>()(messageIdsSchema),
  getPendingActions: channel<{ readonly count: number }>()(noArgsSchema),
  // Sync (electron/sync/sync-supervisor.ts): the viewed folder is synced at once and
  // watched with IDLE; "Work offline" closes every connection and is remembered.
  setViewedFolder: channel<null>()(viewedFolderSchema),
  setWorkOffline: channel<{ readonly offline: boolean }>()(workOfflineSchema),
  getWorkOffline: channel<{ readonly offline: boolean }>()(noArgsSchema),
  getCheckInterval: channel<{ readonly seconds: number }>()(accountIdSchema),
  setCheckInterval: channel<null>()(checkIntervalSchema),
  // Which bodies sync downloads for reading offline (shared/sync/offline-policy.ts).
  getOfflinePolicy: channel<OfflinePolicy>()(accountIdSchema),
  setOfflinePolicy: channel<null>()(setOfflinePolicySchema),
  // Search (electron/search/): the local index at once; the server on demand. A query
  // that cannot be read fails with 'invalid-argument' and a message saying why.
  searchMessages: channel<SearchPage>()(searchMessagesSchema),
  searchServer: channel<ServerSearchReport>()(searchServerSchema),
  listSavedSearches: channel<readonly SavedSearch[]>()(noArgsSchema),
  saveSearch: channel<SavedSearch>()(saveSearchSchema),
  removeSavedSearch: channel<null>()(savedSearchIdSchema),
  // Account setup (electron/autoconfig/): the servers for an email address, from the
  // domain's autoconfig file, its SRV records, or by trying the usual names; never an error
  // when nothing is found (source 'none').
  discoverSettings: channel<DiscoveredSettings>()(discoverSettingsSchema),
  // Trusts exactly this certificate for host:port (electron/certificates/). Only a
  // certificate that server showed and was refused for (an error with `certificate`) can be
  // trusted; a different one later is refused again.
  trustCertificate: channel<null>()(trustCertificateSchema),
  // Compose and send (electron/compose/): a message is recorded in the durable outbox
  // before it is sent; sent now when the server takes it, else queued ('queued').
  sendMessage: channel<SendOutcome>()(sendMessageSchema),
  // Saved here at once and to the server's Drafts when online, replacing the last version.
  saveDraft: channel<{ readonly draftId: string }>()(saveDraftSchema),
  discardDraft: channel<null>()(draftIdSchema),
  // Reply / Reply all / Forward, prefilled: recipients, "Re:"/"Fwd:", quote, threading.
  prepareReply: channel<ComposeStart>()(prepareReplySchema),
  listOutbox: channel<readonly OutboxItem[]>()(noArgsSchema),
  cancelOutbox: channel<null>()(outboxIdSchema),
  retryOutbox: channel<null>()(outboxIdSchema),
  // Addresses seen in the store, most used and most recent first.
  suggestAddresses: channel<readonly AddressSuggestion[]>()(suggestAddressesSchema),
  // Keywords (electron/keywords/): definitions, then keywords on messages through the
  // action queue. Renaming or deleting one rewrites it on the cached messages carrying it.
  listKeywords: channel<readonly Keyword[]>()(noArgsSchema),
  createKeyword: channel<Keyword>()(createKeywordSchema),
  updateKeyword: channel<Keyword>()(updateKeywordSchema),
  deleteKeyword: channel<null>()(keywordAtomSchema),
  setKeywords: channel<null>()(setKeywordsSchema),
  copyMessages: channel<null>()(copyMessagesSchema),
  // Folder management on the server (electron/folders/); refused while working offline.
  createFolder: channel<null>()(createFolderSchema),
  renameFolder: channel<null>()(renameFolderSchema),
  deleteFolder: channel<null>()(folderIdSchema),
  setFolderSubscribed: channel<null>()(folderSubscriptionSchema),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer R> ? R : never;

export const channelNames = Object.keys(contract) as readonly ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
