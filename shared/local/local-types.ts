// What Local Folders' own channels answer: saving server mail here, importing and
// exporting mbox and .eml, and backups of the store.

// IMAP "Save locally" (copy) and "Move to local" (copy, verify, then remove from the server).
export type SaveLocallyMode = 'copy' | 'move';

export type SaveLocallyReport = {
  // Messages whose local copy is written, committed and matched the server's bytes.
  readonly saved: number;
  // Of those, moved ones the server no longer holds.
  readonly removedFromServer: number;
  // Moved ones still on the server because it could not be reached; removed when it can.
  readonly waitingForServer: number;
  // One sentence per message that could not be saved (its server copy is untouched).
  readonly failures: readonly string[];
};

// The account option "Move mail older than N days from <server folder> into <local
// folder>", run after each sync of the account; off unless enabled (and a target chosen).
export type LocalArchivePolicy = {
  readonly accountId: string;
  readonly enabled: boolean;
  readonly olderThanDays: number;
  readonly sourceFolderPath: string;
  readonly targetFolderId: string | null;
};

// An import's messages now in Local Folders: so far (importChunk), or in all (endImport).
export type ImportReport = {
  readonly imported: number;
};

export type BackupReport = {
  // The backup's file name inside the data directory's backups folder.
  readonly fileName: string;
  readonly bytes: number;
};
