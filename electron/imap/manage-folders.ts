import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';

// Folder commands (RFC 3501 6.3.3 CREATE, 6.3.4 DELETE, 6.3.5 RENAME, 6.3.6 SUBSCRIBE,
// 6.3.7 UNSUBSCRIBE). Paths are Unicode here: imapflow encodes them as modified UTF-7
// (RFC 3501 5.1.3) unless the server enabled UTF8=ACCEPT (RFC 6855), and decodes LIST.
// A selected mailbox is closed first: RENAME or DELETE of the selected one is undefined.

async function leave(client: ImapFlow, path: string): Promise<void> {
  const mailbox = client.mailbox;
  if (mailbox === false || mailbox.path !== path) return;
  // RFC 3501 6.4.2: CLOSE of a mailbox selected read-write expunges every \Deleted message
  // in it, other clients' too (a bare EXPUNGE in disguise). Re-opened with EXAMINE, CLOSE
  // removes nothing.
  if (mailbox.readOnly !== true) await client.mailboxOpen(path, { readOnly: true });
  await client.mailboxClose();
}

export async function createFolder(client: ImapFlow, path: string): Promise<void> {
  const result = await client.mailboxCreate(path);
  if (!result.created) throw new LetterboxError('already-exists', `A folder "${path}" already exists.`);
}

export async function renameFolder(client: ImapFlow, path: string, newPath: string): Promise<void> {
  await leave(client, path);
  await client.mailboxRename(path, newPath);
}

export async function deleteFolder(client: ImapFlow, path: string): Promise<void> {
  await leave(client, path);
  await client.mailboxDelete(path);
}

export async function subscribeFolder(client: ImapFlow, path: string, subscribed: boolean): Promise<void> {
  const done = subscribed ? await client.mailboxSubscribe(path) : await client.mailboxUnsubscribe(path);
  if (!done) {
    throw new LetterboxError('server-error', `The server refused to ${subscribed ? 'subscribe to' : 'unsubscribe from'} "${path}".`);
  }
}
