// The protocol layer's face toward sync: what one logged-in IMAP session can do.
// Sync depends on these types only, never on imapflow directly.
import type { Address, FolderRole, Security } from '../../shared/domain.ts';
import type { ImapSearchKey } from '../search/to-imap-search.ts';
import type { AccountQuota } from '../../shared/quota/quota-types.ts';
import type { StepDeadlines } from '../net/progress-deadline.ts';
import type { ImapLimits } from './imap-limits.ts';

export type ImapConnectionSettings = {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  readonly password: string;
  // OAuth2 accounts (electron/oauth/): a bearer token sent with OAUTHBEARER or XOAUTH2 instead
  // of the password, and how to get a new one once after the server refused it.
  readonly accessToken?: string;
  readonly renewAccessToken?: () => Promise<string>;
  // Extra CA certificates (PEM) trusted for this connection; the system's are trusted too.
  // Tests pass their self-signed test CA here; users get an explicit trust step later.
  readonly trustedCertificates?: readonly string[];
  // Certificates (PEM) the user chose to trust for exactly this host and port
  // (electron/certificates/). Any other untrusted certificate is refused.
  readonly pinnedCertificates?: readonly string[];
  // Applies to connecting, greeting, and every command.
  readonly timeoutMs?: number;
  // Each step (connecting through login, then each command) must finish within
  // deadlines.stepMs unless data keeps flowing (electron/net/progress-deadline.ts); defaults
  // to timeoutMs. Tests pass short ones.
  readonly deadlines?: StepDeadlines;
  // Caps on what one response may make Letterbox hold (electron/imap/imap-limits.ts).
  readonly limits?: ImapLimits;
};

export type RemoteFolder = {
  readonly path: string;
  readonly name: string;
  readonly delimiter: string | null;
  readonly parentPath: string | null;
  readonly role: FolderRole | null;
  readonly subscribed: boolean;
  readonly selectable: boolean;
  // From STATUS; absent for folders that cannot be selected.
  readonly messages: number;
  readonly unseen: number;
  readonly uidValidity: number | null;
  readonly uidNext: number | null;
  readonly highestModseq: string | null;
};

// The STATUS part of a RemoteFolder: what sync compares with its cache to skip a folder.
export type FolderStatus = Pick<RemoteFolder, 'messages' | 'unseen' | 'uidValidity' | 'uidNext' | 'highestModseq'>;

export type RemoteHeader = {
  readonly uid: number;
  readonly modseq: string | null;
  readonly messageId: string | null;
  readonly subject: string;
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly date: number;
  readonly internalDate: number;
  readonly size: number;
  // System flags as the server sends them (\Seen, \Flagged, \Answered, \Draft, \Deleted).
  readonly systemFlags: readonly string[];
  // Everything else: IMAP keywords ($Forwarded, $label1, user atoms).
  readonly keywords: readonly string[];
  readonly hasAttachments: boolean;
  // The BODYSTRUCTURE as imapflow parses it, serialised to JSON for the store.
  readonly bodyStructure: string | null;
  // Threading (electron/threads/): In-Reply-To and References as Message-ID keys (no
  // brackets). Absent where the writer did not read them; [] / null when the message has none.
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
};

export type FolderSnapshot = {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: string | null;
  readonly exists: number;
};

export type HeaderBatchProgress = {
  readonly done: number;
  readonly total: number;
};

export type FetchHeadersOptions = {
  readonly batchSize: number;
  // Only UIDs at or above this are fetched (for the next sync's new mail); default 1.
  readonly fromUid?: number;
  // Called after each batch's FETCH has completed, newest batch first. No IMAP command
  // runs while it is awaited, so it may write the store at leisure.
  readonly onBatch: (headers: readonly RemoteHeader[], progress: HeaderBatchProgress) => Promise<void> | void;
};

export type ImapSession = {
  readonly capabilities: readonly string[];
  listFolders(): Promise<readonly RemoteFolder[]>;
  fetchHeaders(path: string, options: FetchHeadersOptions): Promise<FolderSnapshot>;
  // The raw RFC 5322 source, or null when the UID no longer exists. When uidValidity is
  // given and the folder's differs, throws a LetterboxError('not-found').
  fetchSource(path: string, uid: number, uidValidity: number | null): Promise<Buffer | null>;
  close(): Promise<void>;
} & Partial<ImapChangeCommands> &
  Partial<ImapKeywordCommands> &
  Partial<ImapFolderCommands> &
  ImapResyncCommands &
  Partial<ImapSearchCommands> &
  Partial<ImapBodyCommands> &
  Partial<ImapComposeCommands> &
  Partial<ImapQuotaCommands> &
  Partial<ImapStatusCommands>;

// One folder's STATUS without selecting it (electron/imap/folder-status.ts); optional so
// test doubles need not have it: sync then selects the folder as before.
export type ImapStatusCommands = {
  // Null when the server refuses the STATUS or has no such folder.
  folderStatus(path: string): Promise<FolderStatus | null>;
};

// RFC 9208 quota (electron/imap/get-quota.ts); optional so test doubles need not have it.
export type ImapQuotaCommands = {
  getQuota(): Promise<AccountQuota>;
};

// What sending and drafts use (electron/compose/): Sent copies, draft versions, and the
// check for a message already sent before a crash.
export type ImapComposeCommands = {
  appendMessage(path: string, raw: Buffer, flags: readonly string[]): Promise<AppendResult>;
  findByMessageId(path: string, messageId: string): Promise<readonly number[]>;
};

// From APPENDUID (RFC 4315 3); null where the server does not say.
export type AppendResult = { readonly uid: number | null; readonly uidValidity: number | null };

// What the background body download uses (electron/sync/download-bodies.ts). Optional so
// test doubles of the sync need not have it.
export type ImapBodyCommands = {
  // Whole sources of the UIDs that still exist, in one read-only UID FETCH. When
  // uidValidity is given and the folder's differs, throws a LetterboxError('not-found').
  fetchSources(path: string, uids: readonly number[], uidValidity: number | null): Promise<readonly FetchedSource[]>;
  // One large source in ranges of chunkBytes (electron/sync/large-source.ts), each handed to
  // onChunk as it arrives; false when the UID no longer exists. Same UIDVALIDITY check.
  fetchSourceChunks(
    path: string,
    uid: number,
    uidValidity: number | null,
    chunkBytes: number,
    onChunk: (chunk: Buffer) => void,
  ): Promise<boolean>;
};

export type FetchedSource = { readonly uid: number; readonly source: Buffer };

// What server search uses (electron/search/). Optional so test doubles need not have them.
export type ImapSearchCommands = {
  // UID SEARCH in one folder (ESEARCH where offered), read-only.
  searchMessages(path: string, criteria: ImapSearchKey): Promise<ServerSearchResult>;
  fetchHeadersByUid(path: string, uids: readonly number[]): Promise<readonly RemoteHeader[]>;
};

export type ServerSearchResult = { readonly uidValidity: number; readonly uids: readonly number[] };

// What the action queue sends (electron/actions/). Each selects `path` read-write, refuses
// when its UIDVALIDITY is not `uidValidity` (LetterboxError 'not-found'), and reports the
// requested UIDs that no longer exist instead of failing on them. Optional on ImapSession
// so test doubles of the sync need not implement them.
export type ImapChangeCommands = {
  storeFlags(path: string, uidValidity: number | null, uids: readonly number[], change: FlagChange): Promise<FlagStoreResult>;
  // Throws TargetFolderMissingError when targetPath does not exist.
  moveMessages(
    path: string,
    uidValidity: number | null,
    uids: readonly number[],
    targetPath: string,
    options: MoveOptions,
  ): Promise<MoveResult>;
  expungeMessages(path: string, uidValidity: number | null, uids: readonly number[]): Promise<ExpungeResult>;
};

export type FlagChange = { readonly add: readonly string[]; readonly remove: readonly string[] };
export type RemoteFlagState = { readonly uid: number; readonly flags: readonly string[]; readonly modseq: string | null };
export type FlagStoreResult = { readonly missing: readonly number[] };
// useMove false forces COPY + \Deleted + UID EXPUNGE even where MOVE is offered (tests).
export type MoveOptions = { readonly useMove?: boolean };
export type MoveResult = {
  // From COPYUID (RFC 4315); empty when the server does not say.
  readonly uidMap: readonly { readonly source: number; readonly target: number }[];
  readonly missing: readonly number[];
};
export type ExpungeResult = {
  readonly missing: readonly number[];
  // Without UIDPLUS the messages were only marked \Deleted, left for the server (or another
  // client's expunge) to remove: a bare EXPUNGE would remove other clients' \Deleted mail too.
  readonly markedOnly?: boolean;
};

export type OpenImapSession = (settings: ImapConnectionSettings) => Promise<ImapSession>;

// What sync uses to keep a cached folder true to the server (electron/sync/).
export type ImapResyncCommands = {
  // Removed UIDs and changed flags below known.uidNext (QRESYNC where offered, else a
  // UID SEARCH plus FLAGS comparison); see electron/imap/resync-folder.ts.
  resyncFolder(path: string, known: ResyncKnownState, options: ResyncFolderOptions): Promise<FolderResync>;
  // EXAMINEs path and IDLEs on it (RFC 2177) until close(): resolves then, rejects when the
  // connection is lost first.
  watch(path: string, handlers: WatchHandlers): Promise<void>;
};

export type ResyncKnownState = {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: string | null;
};

export type RemoteFlagUpdate = {
  readonly uid: number;
  readonly modseq: string | null;
  readonly systemFlags: readonly string[];
  readonly keywords: readonly string[];
};

export type ResyncBatch =
  | { readonly kind: 'flags'; readonly updates: readonly RemoteFlagUpdate[] }
  // UIDs the server says were expunged (RFC 7162 VANISHED (EARLIER)).
  | { readonly kind: 'vanished'; readonly uids: readonly number[] }
  // Every UID below `below` that still exists: any other cached UID there is gone.
  | { readonly kind: 'present'; readonly below: number; readonly uids: readonly number[] };

export type ResyncFolderOptions = {
  readonly batchSize: number;
  // false forces the comparison even where QRESYNC is offered (tests, broken servers).
  readonly allowModseq: boolean;
  // Awaited before the next command is sent, so it may write the store at leisure.
  readonly onBatch: (batch: ResyncBatch) => Promise<void> | void;
};

export type FolderResync = {
  readonly snapshot: FolderSnapshot;
  // 'uidvalidity-changed': nothing was compared; the caller must drop the folder's cache.
  readonly mode: 'qresync' | 'compare' | 'uidvalidity-changed';
};

export type WatchHandlers = {
  // The folder is selected and changes from now on will be reported.
  readonly onReady: () => void;
  readonly onChange: () => void;
};

// Keywords and copies for the action queue (electron/imap/store-keywords.ts, copy-messages.ts).
export type ImapKeywordCommands = {
  storeKeywords(path: string, uidValidity: number | null, uids: readonly number[], change: FlagChange): Promise<KeywordStoreResult>;
  copyMessages(path: string, uidValidity: number | null, uids: readonly number[], targetPath: string): Promise<MoveResult>;
};

// keptLocal: keywords of change.add the folder cannot store (PERMANENTFLAGS without \*).
export type KeywordStoreResult = { readonly missing: readonly number[]; readonly keptLocal: readonly string[] };

// Folder management (electron/imap/manage-folders.ts); paths in Unicode.
export type ImapFolderCommands = {
  createFolder(path: string): Promise<void>;
  renameFolder(path: string, newPath: string): Promise<void>;
  deleteFolder(path: string): Promise<void>;
  subscribeFolder(path: string, subscribed: boolean): Promise<void>;
};
