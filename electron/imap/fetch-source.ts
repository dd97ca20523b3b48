import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';

export async function fetchSource(client: ImapFlow, path: string, uid: number, uidValidity: number | null): Promise<Buffer | null> {
  // EXAMINE plus BODY.PEEK[] (imapflow's `source`): opening a message here must not set \Seen
  // (RFC 3501 6.4.5); marking it read is the user's action, queued separately.
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} is not open`);
    // RFC 3501 2.3.1.1: a new UIDVALIDITY means our UID names a different message, or none.
    if (uidValidity !== null && Number(mailbox.uidValidity) !== uidValidity) {
      throw new LetterboxError('not-found', `The folder "${path}" was rebuilt on the server; this message must be synced again.`);
    }
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (message === false || message.source === undefined) return null;
    return message.source;
  } finally {
    lock.release();
  }
}
