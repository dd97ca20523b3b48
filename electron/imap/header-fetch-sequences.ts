import type { ImapFlow } from 'imapflow';
import type { FolderSnapshot } from './imap-types.ts';
import { uidRangesNewestFirst, uidSequence } from './uid-ranges.ts';
import { uidSet } from './uid-set.ts';

// A span of UIDs needing more than this many FETCH commands per batch of messages the folder
// holds is mostly empty: sparse UIDs after mass deletes, or a hostile UIDNEXT near 2^32 with
// three messages (8.6 million FETCHes of nothing). There the UIDs that exist are asked first.
const MAX_EMPTY_RANGES_PER_BATCH = 4;
const ALWAYS_BY_RANGE = 16;

// The UID sets a header sync fetches, newest first, each at most batchSize messages: plain
// ranges of fromUid..UIDNEXT-1 (no SEARCH round trip) unless the span is mostly empty, then
// the UIDs UID SEARCH (RFC 3501 6.4.4) says exist, in batches.
export async function headerFetchSequences(
  client: ImapFlow,
  fromUid: number,
  snapshot: FolderSnapshot,
  batchSize: number,
): Promise<readonly string[]> {
  if (snapshot.exists === 0) return [];
  const spanBatches = Math.ceil((snapshot.uidNext - fromUid) / batchSize);
  const neededBatches = Math.ceil(snapshot.exists / batchSize);
  if (!(spanBatches > Math.max(ALWAYS_BY_RANGE, neededBatches * MAX_EMPTY_RANGES_PER_BATCH))) {
    return uidRangesNewestFirst(fromUid, snapshot.uidNext - 1, batchSize).map(uidSequence);
  }
  const found = await client.search({ uid: `${fromUid}:${snapshot.uidNext - 1}` }, { uid: true });
  const uids = [...new Set(Array.isArray(found) ? found : [])]
    .filter((uid) => Number.isInteger(uid) && uid >= fromUid && uid < snapshot.uidNext)
    .sort((a, b) => b - a);
  const sequences: string[] = [];
  for (let start = 0; start < uids.length; start += batchSize) sequences.push(uidSet(uids.slice(start, start + batchSize)));
  return sequences;
}
