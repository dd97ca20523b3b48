import type { MailboxObject } from 'imapflow';
import type { FolderSnapshot } from './imap-types.ts';

export function snapshotOf(mailbox: MailboxObject): FolderSnapshot {
  return {
    uidValidity: Number(mailbox.uidValidity),
    uidNext: mailbox.uidNext,
    highestModseq: mailbox.highestModseq === undefined ? null : mailbox.highestModseq.toString(),
    exists: mailbox.exists,
  };
}
