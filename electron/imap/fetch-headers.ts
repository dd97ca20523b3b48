import type { FetchQueryObject, ImapFlow } from 'imapflow';
import type { FetchHeadersOptions, FolderSnapshot, RemoteHeader } from './imap-types.ts';
import { mapFetchedHeader } from './map-fetched-header.ts';
import { headerFetchSequences } from './header-fetch-sequences.ts';
import { snapshotOf } from './folder-snapshot.ts';
import { CallerError } from './caller-error.ts';
import type { BodyStructureDiversion } from './body-structure-diversion.ts';

// The ENVELOPE carries Message-ID (RFC 3501 7.4.2), so no header section is fetched for it.
const HEADER_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  bodyStructure: true,
  internalDate: true,
  size: true,
  // The ENVELOPE has In-Reply-To but not References, which threading needs (RFC 5256 3).
  headers: ['references'],
};

export async function fetchHeaders(
  client: ImapFlow,
  structures: BodyStructureDiversion,
  path: string,
  options: FetchHeadersOptions,
): Promise<FolderSnapshot> {
  // EXAMINE (RFC 3501 6.3.2): reading headers must never change the mailbox.
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) throw new Error(`Mailbox ${path} is not open`);
    const snapshot = snapshotOf(mailbox);
    const fromUid = Math.max(options.fromUid ?? 1, 1);
    const ranges = await headerFetchSequences(client, fromUid, snapshot, options.batchSize);
    // Exact for a full sync; for a partial one UIDs may be sparse, so it is an upper bound
    // until the last batch says how many there were.
    const estimate = fromUid <= 1 ? snapshot.exists : Math.min(snapshot.exists, snapshot.uidNext - fromUid);
    let done = 0;
    // fetchAll collects the whole response before returning: nothing else may run on this
    // connection inside an unfinished fetch iterator (imapflow issues 110 and 159). The
    // next batch's FETCH is sent before this batch is handed over, so the server works
    // on it while the caller stores this one.
    const fetchRange = (range: string) => {
      const fetching = client.fetchAll(range, HEADER_QUERY, { uid: true });
      // Awaited below, after the caller has stored the batch before it: a connection lost
      // meanwhile must not count as an unhandled rejection until then.
      fetching.catch(() => undefined);
      return fetching;
    };
    let next = ranges[0] === undefined ? null : fetchRange(ranges[0]);
    try {
      for (const [index, range] of ranges.entries()) {
        const messages = await next;
        const following = ranges[index + 1];
        next = following === undefined ? null : fetchRange(following);
        if (messages === null) throw new Error(`No fetch was started for UIDs ${range}`);
        const mapped: RemoteHeader[] = messages.map(mapFetchedHeader).sort((a, b) => b.uid - a.uid);
        const headers = await structures.withDiverted(mapped);
        done += headers.length;
        const isLast = following === undefined;
        if (headers.length === 0 && !isLast) continue;
        try {
          await options.onBatch(headers, {
            done,
            total: isLast ? done : Math.max(estimate, done),
          });
        } catch (error) {
          throw new CallerError(error);
        }
      }
    } finally {
      // A batch still in flight after a failure must finish before the lock is released.
      await next?.catch(() => undefined);
    }
    return snapshot;
  } finally {
    structures.forget();
    lock.release();
  }
}
