import type { ImapFlow } from 'imapflow';
import { withCheckedMailbox } from './checked-mailbox.ts';
import { fetchedSource } from './fetched-source.ts';

export async function fetchSource(client: ImapFlow, path: string, uid: number, uidValidity: number | null): Promise<Buffer | null> {
  // EXAMINE plus BODY.PEEK[] (imapflow's `source`): opening a message here must not set \Seen
  // (RFC 3501 6.4.5); marking it read is the user's action, queued separately.
  return withCheckedMailbox(client, path, { readOnly: true, uidValidity, stale: 'this message' }, async () => {
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    return message === false ? null : fetchedSource(message);
  });
}
