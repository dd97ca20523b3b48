import type { ImapFlow } from 'imapflow';
import { withCheckedMailbox } from './checked-mailbox.ts';
import { fetchedSource } from './fetched-source.ts';
import type { FetchedSource } from './imap-types.ts';
import { uidSet } from './uid-set.ts';

// Whole sources of several messages in one UID FETCH BODY.PEEK[] (imapflow's `source`),
// for downloading bodies in the background. EXAMINE and PEEK: downloading must not set
// \Seen (RFC 3501 6.4.5). UIDs that no longer exist are simply absent from the answer.
export async function fetchSources(
  client: ImapFlow,
  path: string,
  uids: readonly number[],
  uidValidity: number | null,
): Promise<readonly FetchedSource[]> {
  const set = uidSet(uids);
  if (set === '') return [];
  return withCheckedMailbox(client, path, { readOnly: true, uidValidity, stale: 'it' }, async () => {
    // fetchAll collects the whole answer before returning (imapflow issues 110 and 159).
    const messages = await client.fetchAll(set, { uid: true, source: true }, { uid: true });
    return messages.flatMap((message) => {
      const source = fetchedSource(message);
      return source === null ? [] : [{ uid: message.uid, source }];
    });
  });
}
