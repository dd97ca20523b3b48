import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import { crashPoint } from '../crash/crash-point.ts';
import type { ExpungeResult } from './imap-types.ts';
import { uidSet } from './uid-set.ts';
import { assertUsable, missingUids, withWritableMailbox } from './writable-mailbox.ts';

// Deletes for good: \Deleted, then UID EXPUNGE (RFC 4315 2.1) of exactly these UIDs.
// Without UIDPLUS a plain EXPUNGE would also remove every other message another client
// marked \Deleted, so there the messages are only marked and left for that client's
// expunge (RFC 3501 6.4.3); every client then shows them as deleted.
export async function expungeMessages(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
): Promise<ExpungeResult> {
  return withWritableMailbox(client, path, uidValidity, uids, async (present) => {
    const set = uidSet(present.map((message) => message.uid));
    const expunged = set === '' || (await removeByUid(client, path, set));
    return { missing: missingUids(uids, present), ...(expunged ? {} : { markedOnly: true }) };
  });
}

// With the mailbox already selected read-write.
// The crash harness stops between the two commands (crash points 'imap-store' and
// 'imap-expunge'): imapflow's messageDelete sends its own STORE first, so with UIDPLUS the
// flag is stored twice, which changes nothing.
// Resolves false when the messages were only marked \Deleted (no UIDPLUS), true when expunged.
export async function removeByUid(client: ImapFlow, path: string, set: string): Promise<boolean> {
  let done = await client.messageFlagsAdd(set, ['\\Deleted'], { uid: true, silent: true });
  if (done) crashPoint('imap-store');
  if (done && client.capabilities.has('UIDPLUS')) {
    done = await client.messageDelete(set, { uid: true });
    if (done) crashPoint('imap-expunge');
  }
  if (!done) {
    assertUsable(client, 'EXPUNGE');
    throw new LetterboxError('server-error', `The server refused to remove messages from "${path}".`);
  }
  return client.capabilities.has('UIDPLUS');
}
