// A full disk (or quota) while Local Folders are written is told as what it is, with what
// it means for the mail: the write was undone, so nothing partial is kept, and nothing was
// deleted anywhere because of it (a POP3 DELE or an IMAP expunge only follows a durable copy).
import { LetterboxError } from '../../shared/errors.ts';

// SQLITE_FULL (https://sqlite.org/rescode.html#full): the store's disk is full.
const SQLITE_FULL = 13;

export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  return (error as Error & { errcode?: unknown }).errcode === SQLITE_FULL;
}

export function diskWriteError(error: unknown, where: string): unknown {
  if (!isDiskFull(error)) return error;
  return new LetterboxError(
    'storage',
    `The disk is full: Letterbox could not save mail in ${where}. Nothing was lost and nothing was removed from the server. Free some space, then check for mail again.`,
  );
}

// Where no place is at hand (a request's own write to the store, such as a flag, a draft or
// a setting). SQLite rolled the write back, but a request may have done other work first (a
// send reaches the server before its outbox row is marked sent), so this does not say the
// change was not made.
export const diskFullForChange = 'The disk is full: Letterbox could not save this on this computer. Free some space, then try again.';

// A sync's write to the store: its mail stays on the server for the next check.
export const diskFullForSync = 'The disk is full: Letterbox could not save mail on this computer. Nothing was lost and nothing was removed from the server. Free some space, then check for mail again.';
