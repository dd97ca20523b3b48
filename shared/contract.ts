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
import { saveSearchSchema, savedSearchIdSchema, searchMessagesSchema, searchServerSchema } from './search/search-schemas.ts';

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
  // Search (electron/search/): the local index at once; the server on demand. A query
  // that cannot be read fails with 'invalid-argument' and a message saying why.
  searchMessages: channel<SearchPage>()(searchMessagesSchema),
  searchServer: channel<ServerSearchReport>()(searchServerSchema),
  listSavedSearches: channel<readonly SavedSearch[]>()(noArgsSchema),
  saveSearch: channel<SavedSearch>()(saveSearchSchema),
  removeSavedSearch: channel<null>()(savedSearchIdSchema),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer R> ? R : never;

export const channelNames = Object.keys(contract) as readonly ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
