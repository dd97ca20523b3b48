import type { ImapFlow, MailboxObject } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';

// Opens `path` (EXAMINE when readOnly, RFC 3501 6.3.2; else SELECT), checks that cached UIDs
// still mean what they meant, runs `work` with the mailbox and releases the lock after it.
// RFC 3501 2.3.1.1: under another UIDVALIDITY our UIDs name other messages, or none; then
// the error says what must be synced again (`stale`: "this message", "its messages", "it").
export async function withCheckedMailbox<T>(
  client: ImapFlow,
  path: string,
  options: { readonly readOnly: boolean; readonly uidValidity: number | null; readonly stale: string },
  work: (mailbox: MailboxObject) => Promise<T>,
): Promise<T> {
  const lock = await client.getMailboxLock(path, { readOnly: options.readOnly });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} is not open`);
    if (options.uidValidity !== null && Number(mailbox.uidValidity) !== options.uidValidity) {
      throw new LetterboxError('not-found', `The folder "${path}" was rebuilt on the server; ${options.stale} must be synced again.`);
    }
    return await work(mailbox);
  } finally {
    lock.release();
  }
}
