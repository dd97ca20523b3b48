// What one queued action holds. Each action touches one folder of one account, so that
// its replay is one SELECT and one command (or two) on the server.

export type FlagTarget = {
  readonly seen?: boolean;
  readonly flagged?: boolean;
  // $Junk when true, $NotJunk when false (the keywords Thunderbird and Apple Mail use).
  readonly junk?: boolean;
  // Set once a reply or forward of the message was sent (electron/compose/): \Answered
  // (RFC 3501 2.3.2) and the $Forwarded keyword (RFC 5788).
  readonly answered?: boolean;
  readonly forwarded?: boolean;
};

// A message's state in the last sync's view, kept to revert to and to judge conflicts.
export type FlagEntry = {
  readonly id: string;
  readonly uid: number;
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly keywords: readonly string[];
  readonly modseq: string | null;
};

export type FolderReference = {
  readonly folderId: string;
  readonly folderPath: string;
  readonly uidValidity: number | null;
};

export type FlagsPayload = FolderReference & {
  readonly kind: 'flags';
  readonly set: FlagTarget;
  readonly messages: readonly FlagEntry[];
};

export type MoveReason = 'move' | 'delete' | 'archive';

// Until the server confirms, a moved message waits in the target folder under a negative
// placeholder UID (never a real one: RFC 3501 2.3.1.1 UIDs are positive).
export type MoveEntry = { readonly id: string; readonly uid: number; readonly placeholderUid: number };

export type MovePayload = FolderReference & {
  readonly kind: 'move';
  readonly reason: MoveReason;
  readonly targetFolderId: string;
  readonly targetPath: string;
  readonly targetName: string;
  // Set when the target is a folder of another IMAP account (electron/actions/transfer-messages.ts):
  // APPEND there, verified, then the source removed.
  readonly targetAccountId?: string;
  readonly messages: readonly MoveEntry[];
};

// The whole cached row, so a refused delete can put the message back as it was.
export type SnapshotValue = string | number | null;
export type ExpungeEntry = { readonly id: string; readonly uid: number; readonly row: Readonly<Record<string, SnapshotValue>> };

export type ExpungePayload = FolderReference & {
  readonly kind: 'expunge';
  readonly messages: readonly ExpungeEntry[];
};

// Keywords set or removed (RFC 3501 6.4.6 UID STORE +FLAGS / -FLAGS). `remove` holds every
// spelling of a keyword (aliases such as Evolution's $Labelwork), `add` the one to store.
export type KeywordsPayload = FolderReference & {
  readonly kind: 'keywords';
  readonly add: readonly string[];
  readonly remove: readonly string[];
  readonly messages: readonly FlagEntry[];
};

// UID COPY (RFC 3501 6.4.7): the source stays; the target's next sync brings the copies.
export type CopyPayload = FolderReference & {
  readonly kind: 'copy';
  readonly targetFolderId: string;
  readonly targetPath: string;
  readonly targetName: string;
  readonly messages: readonly { readonly id: string; readonly uid: number }[];
};

export type ActionPayload = FlagsPayload | MovePayload | ExpungePayload | KeywordsPayload | CopyPayload;
export type ActionKind = ActionPayload['kind'];

export type QueuedAction = {
  readonly id: number;
  readonly accountId: string;
  readonly payload: ActionPayload;
  readonly createdAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: number;
};

// What the replayer learned from the server about a completed action.
export type ActionOutcome = {
  // UIDs (of the action's folder) the server no longer had.
  readonly missingUids: readonly number[];
  // For moves: source UID to UID in the target folder, from COPYUID.
  readonly uidMap: readonly { readonly source: number; readonly target: number }[];
  // For keywords: those the folder could not store (PERMANENTFLAGS without \*, RFC 3501
  // 7.1), kept on the messages in this store only.
  readonly keptLocal?: readonly string[];
  // For expunges without UIDPLUS: marked \Deleted on the server, not removed (expunge.ts).
  readonly markedOnly?: boolean;
};
