// The protocol layer's face toward sync: what one logged-in IMAP session can do.
// Sync depends on these types only, never on imapflow directly.
import type { Address, FolderRole, Security } from '../../shared/domain.ts';

export type ImapConnectionSettings = {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  readonly password: string;
  // Extra CA certificates (PEM) trusted for this connection; the system's are trusted too.
  // Tests pass their self-signed test CA here; users get an explicit trust step later.
  readonly trustedCertificates?: readonly string[];
  // Applies to connecting, greeting, and every command.
  readonly timeoutMs?: number;
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
};

export type OpenImapSession = (settings: ImapConnectionSettings) => Promise<ImapSession>;
