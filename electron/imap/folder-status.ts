import type { ImapFlow, StatusObject } from 'imapflow';
import type { FolderStatus } from './imap-types.ts';

// The STATUS items sync compares with its cache (RFC 3501 6.3.10; HIGHESTMODSEQ from RFC
// 7162 3.1.2), asked of one folder by STATUS and of all by LIST-STATUS (list-folders.ts).
export const syncStatusQuery = {
  messages: true,
  unseen: true,
  uidValidity: true,
  uidNext: true,
  highestModseq: true,
} as const;

export function toFolderStatus(status: Omit<StatusObject, 'path'> | undefined): FolderStatus {
  return {
    messages: status?.messages ?? 0,
    unseen: status?.unseen ?? 0,
    uidValidity: status?.uidValidity === undefined ? null : Number(status.uidValidity),
    uidNext: status?.uidNext ?? null,
    highestModseq: status?.highestModseq === undefined ? null : status.highestModseq.toString(),
  };
}

// One STATUS, without selecting the folder: Dovecot answers it from its list index, where
// an EXAMINE of a 100,000-message Maildir reads the whole dovecot-uidlist (5 MB) each time
// (docs/decisions.md, "A no-change resync asks STATUS first"). Null when the server refuses
// it or has no such folder: the EXAMINE that follows then reports that as it always has.
export async function folderStatus(client: ImapFlow, path: string): Promise<FolderStatus | null> {
  try {
    const status = await client.status(path, syncStatusQuery);
    return status === false ? null : toFolderStatus(status);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'NotFound') return null;
    throw error;
  }
}
