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
import type { RemoteContentConsent, RemoteContentPolicy } from './remote-content/remote-content-types.ts';
import { allowRemoteContentSchema, remoteContentConsentIdSchema } from './remote-content/remote-content-schemas.ts';
import type { LinkConfirmation } from './links/link-confirmation.ts';
import type { PasswordStorage } from './secrets/password-storage.ts';
import { discoverSettingsSchema, trustCertificateSchema } from './setup/setup-schemas.ts';
import { saveSearchSchema, savedSearchIdSchema, searchMessagesSchema, searchServerSchema } from './search/search-schemas.ts';
import { setOfflinePolicySchema, type OfflinePolicy } from './sync/offline-policy.ts';
import type { Keyword } from './keywords/keyword-types.ts';
import { copyMessagesSchema, createKeywordSchema, keywordAtomSchema, setKeywordsSchema, updateKeywordSchema } from './keywords/keyword-schemas.ts';
import { createFolderSchema, deleteFolderSchema, folderSubscriptionSchema, renameFolderSchema } from './folders/folder-schemas.ts';
import type { AddressSuggestion, ComposeDraft, ComposeStart, DraftItem, OutboxItem, SendOutcome } from './compose/compose-types.ts';
import {
  draftIdSchema,
  openDraftSchema,
  outboxIdSchema,
  outgoingPasswordSchema,
  resolveHeldSchema,
  sendDelaySchema,
  prepareReplySchema,
  saveDraftSchema,
  sendMessageSchema,
  suggestAddressesSchema,
} from './compose/compose-schemas.ts';
import type { BackupReport, ImportReport, LocalArchivePolicy, SaveLocallyReport } from './local/local-types.ts';
import { beginImportSchema, endImportSchema, importChunkSchema } from './local/import-schemas.ts';
import { localArchivePolicySchema, pop3TargetSchema, saveFolderLocallySchema, saveLocallySchema } from './local/local-schemas.ts';
import {
  accountNotificationsSchema,
  updateAccountSchema,
  updateSettingsSchema,
  windowFocusSchema,
  type AppSettings,
} from './settings/settings.ts';

import type { AccountExportReport, AccountImportReport } from './local/account-export-types.ts';
import { beginExportSchema, type ExportOutcome } from './local/begin-export.ts';
import { exportAccountSchema, importAccountExportSchema } from './local/account-export-schemas.ts';
import type { UnifiedFolder } from './unified/unified-folders.ts';
import type { AccountQuota } from './quota/quota-types.ts';
import type { ConversationMessages, ConversationPage } from './threads/thread-types.ts';
import { listConversationMessageIdsSchema, listConversationsSchema } from './threads/thread-schemas.ts';
import { removeAccountSchema, type AccountLocalMail } from './accounts/remove-account.ts';
import type { OAuthProviderInfo, OAuthSignInAgainStart, OAuthSignInStart } from './oauth/oauth-types.ts';
import { findOAuthProviderSchema, finishOAuthSignInSchema, oauthSignInIdSchema, startOAuthSignInSchema } from './oauth/oauth-schemas.ts';

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
  // localMail: what becomes of the mail it brought into Local Folders (saved locally, POP3).
  removeAccount: channel<null>()(removeAccountSchema),
  // How much of that mail there is, for the question removeAccount asks.
  getAccountLocalMail: channel<AccountLocalMail>()(accountIdSchema),
  listFolders: channel<readonly Folder[]>()(accountIdSchema),
  listMessages: channel<MessagePage>()(listMessagesSchema),
  // Served from the cache when the source is there; otherwise fetched, parsed and cached.
  getMessage: channel<Message>()(messageIdSchema),
  getAttachment: channel<AttachmentContent>()(attachmentRequestSchema),
  syncAccount: channel<null>()(accountIdSchema),
  syncFolder: channel<null>()(folderIdSchema),
  getStatus: channel<SyncStatus>()(noArgsSchema),
  // The accounts whose last sync was refused its sign-in ("Sign in again"), until one works.
  listSignInNeeded: channel<readonly string[]>()(noArgsSchema),
  // Electron opens allowed links in the system browser; browser mode answers
  // { opened: false } and the page opens the (already checked) URL itself.
  // A link whose text shows another host, or with an international host, is not opened:
  // `confirm` says why, and the page asks the user before sending it again with confirmed.
  openExternal: channel<{ readonly opened: boolean; readonly url: string; readonly confirm: LinkConfirmation | null }>()(openExternalSchema),
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
  // Undo send: takes a message back from the outbox while it waits out the send delay.
  undoSend: channel<ComposeDraft>()(outboxIdSchema),
  // A message held after a crash or a lost answer ("may already have been sent"): the
  // user's "Send again" (null) or "Move to drafts" (the draft, for the composer).
  resolveHeldOutbox: channel<ComposeDraft | null>()(resolveHeldSchema),
  // A draft back into the composer, from this computer's drafts or a Drafts folder.
  openDraft: channel<ComposeDraft>()(openDraftSchema),
  listDrafts: channel<readonly DraftItem[]>()(noArgsSchema),
  getSendDelay: channel<{ readonly seconds: number }>()(noArgsSchema),
  setSendDelay: channel<null>()(sendDelaySchema),
  // The outgoing server's own password, kept in the SecretStore (null: use the account's).
  setOutgoingPassword: channel<null>()(outgoingPasswordSchema),
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
  // A Local Folders folder is renamed and deleted on this computer, online or not: deleted,
  // its messages go to Local Folders' Trash; inside Trash it is deleted for good.
  deleteFolder: channel<null>()(deleteFolderSchema),
  setFolderSubscribed: channel<null>()(folderSubscriptionSchema),
  // Deletes everything in Local Folders' Trash, its folders too, for good.
  emptyLocalTrash: channel<null>()(folderIdSchema),
  // Settings (electron/settings/): theme and notifications, kept in the store; every
  // change is announced as settingsChanged so Electron's main follows the theme too.
  getSettings: channel<AppSettings>()(noArgsSchema),
  updateSettings: channel<AppSettings>()(updateSettingsSchema),
  setAccountNotifications: channel<AppSettings>()(accountNotificationsSchema),
  // Name, servers, password: new servers or a new password are tried before they are kept.
  updateAccount: channel<Account>()(updateAccountSchema),
  // The window gained or lost focus: new mail in the folder it shows is then not announced.
  setWindowFocus: channel<null>()(windowFocusSchema),
  // Remote content (electron/remote-content/): whether the open message may load remote
  // images, the user's choice for this message or always for its sender or domain, and
  // the list of kept choices, each revocable in settings.
  getRemoteContentPolicy: channel<RemoteContentPolicy>()(messageIdSchema),
  allowRemoteContent: channel<null>()(allowRemoteContentSchema),
  listRemoteContentConsents: channel<readonly RemoteContentConsent[]>()(noArgsSchema),
  revokeRemoteContentConsent: channel<null>()(remoteContentConsentIdSchema),
  // Local Folders (electron/local/): IMAP mail saved here ('copy') or moved here ('move':
  // the copy is durable and matches the server's bytes by SHA-256 before the server's is
  // removed); mbox and .eml in as bytes in chunks, never paths (out: beginExport); where a
  // POP3 account delivers (null: the Local Folders Inbox); a backup of the store and Local Folders.
  saveLocally: channel<SaveLocallyReport>()(saveLocallySchema),
  beginImport: channel<{ readonly importId: string }>()(beginImportSchema),
  importChunk: channel<ImportReport>()(importChunkSchema),
  endImport: channel<ImportReport>()(endImportSchema),
  // A folder as mbox or a message as .eml, streamed by main to a file the user picks
  // (Electron) or offered once as a download from the loopback server (browser mode).
  beginExport: channel<ExportOutcome>()(beginExportSchema),
  getPop3Target: channel<{ readonly folderId: string | null }>()(accountIdSchema),
  setPop3Target: channel<null>()(pop3TargetSchema),
  backupStore: channel<BackupReport>()(noArgsSchema),
  // A whole account into a new or empty directory as Maildir++ with a checksummed MANIFEST,
  // and such a directory into a new Local Folders folder once every checksum matched. These
  // two carry a path: an export is a tree of files, too big to cross as bytes.
  exportAccount: channel<AccountExportReport>()(exportAccountSchema),
  importAccountExport: channel<AccountImportReport>()(importAccountExportSchema),
  // A whole server folder, 100 messages at a time with progress in the status; resumed
  // after a crash. The account option moving old mail from a server folder to a local one.
  saveFolderLocally: channel<SaveLocallyReport>()(saveFolderLocallySchema),
  getLocalArchivePolicy: channel<LocalArchivePolicy>()(accountIdSchema),
  setLocalArchivePolicy: channel<null>()(localArchivePolicySchema),
  // Where this computer keeps account passwords and what that means; the add-account form
  // shows it and, where askBeforeStoring, asks before addAccount stores one.
  getPasswordStorage: channel<PasswordStorage>()(noArgsSchema),
  // All Inboxes, All Sent, All Drafts (shared/unified/): their ids work wherever a folder
  // id is listed (listMessages).
  listUnifiedFolders: channel<readonly UnifiedFolder[]>()(noArgsSchema),
  listConversations: channel<ConversationPage>()(listConversationsSchema),
  // What a collapsed conversation's row stands for when the list acts on it.
  listConversationMessageIds: channel<readonly ConversationMessages[]>()(listConversationMessageIdsSchema),
  // The server's quota for the account (RFC 9208), asked on the interactive connection.
  getQuota: channel<AccountQuota>()(accountIdSchema),
  // OAuth2 sign-in (electron/oauth/): the provider a server needs (null: a password does);
  // start opens its page in the system browser and listens on 127.0.0.1 for the answer;
  // finish waits for it, tries the servers with the token and stores the account.
  findOAuthProvider: channel<OAuthProviderInfo | null>()(findOAuthProviderSchema),
  startOAuthSignIn: channel<OAuthSignInStart>()(startOAuthSignInSchema),
  finishOAuthSignIn: channel<Account>()(finishOAuthSignInSchema),
  cancelOAuthSignIn: channel<null>()(oauthSignInIdSchema),
  // "Sign in again" for an OAuth2 account whose sign-in was refused: the same browser flow,
  // for the same account and mailbox (the account names both, the renderer only the account);
  // finish checks the new token with the account's server before it replaces the stored
  // sign-in, then syncs again. cancelOAuthSignIn stops it too.
  startOAuthSignInAgain: channel<OAuthSignInAgainStart>()(accountIdSchema),
  finishOAuthSignInAgain: channel<Account>()(oauthSignInIdSchema),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer R> ? R : never;

export const channelNames = Object.keys(contract) as readonly ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
