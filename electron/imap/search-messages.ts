import type { ImapFlow, SearchObject } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSearchKey } from '../search/to-imap-search.ts';
import { mapFetchedHeader } from './map-fetched-header.ts';
import type { RemoteHeader, ServerSearchResult } from './imap-types.ts';
import type { BodyStructureDiversion } from './body-structure-diversion.ts';

const HEADER_QUERY = { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, size: true, headers: ['references'] };

// UID SEARCH in one folder, read-only (EXAMINE, RFC 3501 6.3.2). With ESEARCH (RFC 4731)
// the server answers with a compact set instead of every UID on one line.
export async function searchMessages(client: ImapFlow, path: string, criteria: ImapSearchKey): Promise<ServerSearchResult> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} is not open`);
    const uidValidity = Number(mailbox.uidValidity);
    const query = criteria as SearchObject;
    if (client.capabilities.has('ESEARCH')) {
      const result = await client.search(query, { uid: true, returnOptions: ['ALL'] });
      if (result === false || result === undefined) throw new LetterboxError('server-error', `The server refused to search "${path}".`);
      const uids = Array.isArray(result) ? result : expandSequenceSet(result.all ?? '');
      return { uidValidity, uids };
    }
    const uids = await client.search(query, { uid: true });
    if (uids === false || uids === undefined) throw new LetterboxError('server-error', `The server refused to search "${path}".`);
    return { uidValidity, uids };
  } finally {
    lock.release();
  }
}

// The same envelope fields sync fetches, for UIDs the server found that are not cached.
export async function fetchHeadersByUid(
  client: ImapFlow,
  structures: BodyStructureDiversion,
  path: string,
  uids: readonly number[],
): Promise<readonly RemoteHeader[]> {
  if (uids.length === 0) return [];
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const messages = await client.fetchAll(uids.join(','), HEADER_QUERY, { uid: true });
    return await structures.withDiverted(messages.map(mapFetchedHeader));
  } finally {
    structures.forget();
    lock.release();
  }
}

// RFC 4731 sequence-set ("1,5:7,20") -> [1, 5, 6, 7, 20].
export function expandSequenceSet(set: string): number[] {
  const uids: number[] = [];
  for (const part of set.split(',')) {
    if (part.length === 0) continue;
    const [first, last] = part.split(':').map(Number);
    if (first === undefined || !Number.isInteger(first)) continue;
    const end = last === undefined || !Number.isInteger(last) ? first : last;
    for (let uid = Math.min(first, end); uid <= Math.max(first, end); uid += 1) uids.push(uid);
  }
  return uids;
}
