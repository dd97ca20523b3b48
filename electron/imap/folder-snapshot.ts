import type { MailboxObject } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { FolderSnapshot } from './imap-types.ts';

// RFC 3501 9: a UID, UIDVALIDITY or message count is a 32-bit unsigned number.
const MAX_NUMBER = 4294967295;

// A hostile or broken server's impossible count (EXISTS -1, EXISTS 2^32, UIDNEXT 0 or past
// 2^32) would drive the header sync's arithmetic; the folder is refused instead, by name.
function refuseImpossible(mailbox: MailboxObject, what: string, value: number | bigint | string | undefined): never {
  throw new LetterboxError(
    'server-error',
    `The server sent an impossible ${what} (${value === undefined ? 'none it could read' : String(value).slice(0, 40)}) for the folder "${mailbox.path}", so Letterbox did not sync it. The server may be broken; other folders are not affected.`,
  );
}

export function snapshotOf(mailbox: MailboxObject): FolderSnapshot {
  const uidValidity = Number(mailbox.uidValidity);
  // imapflow types these as numbers but leaves them out when it cannot read the server's.
  const { exists, uidNext } = mailbox as { exists: number | undefined; uidNext: number | undefined };
  if (exists === undefined || !Number.isInteger(exists) || exists < 0 || exists > MAX_NUMBER) refuseImpossible(mailbox, 'message count', exists);
  // UIDNEXT may be one past the largest UID when that UID is taken. RFC 3501 6.3.1 requires
  // it; imapflow leaves it out when it cannot read it (past 2^53).
  if (uidNext === undefined || !Number.isInteger(uidNext) || uidNext < 1 || uidNext > MAX_NUMBER + 1) {
    refuseImpossible(mailbox, 'UIDNEXT', uidNext);
  }
  if (!Number.isInteger(uidValidity) || uidValidity < 0 || uidValidity > MAX_NUMBER) refuseImpossible(mailbox, 'UIDVALIDITY', mailbox.uidValidity);
  return {
    uidValidity,
    uidNext: mailbox.uidNext,
    highestModseq: mailbox.highestModseq === undefined ? null : mailbox.highestModseq.toString(),
    exists,
  };
}
