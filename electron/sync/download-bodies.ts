import type { SyncStatus } from '../../shared/domain.ts';
import type { OfflinePolicy } from '../../shared/sync/offline-policy.ts';
import type { FetchedSource, ImapSession } from '../imap/imap-types.ts';
import { sharedBodyTextPool } from '../search/body-text-pool.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { BodyCursor, MissingBody } from '../store/offline-policy-repository.ts';
import type { Store } from '../store/store.ts';
import type { FullSource, LargeSourceUpload } from '../store/message-source-repository.ts';
import { foldersToSync } from './folder-order.ts';
import { fetchLargeSource, fetchesInRanges } from './large-source.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';

const dayMs = 86_400_000;

// A batch is one UID FETCH and one transaction on the header writer's thread, parsed on
// the body text threads: 100 messages (about 4 MB at most) amortise the commit, while a
// message the user opens (its own connection) and the UI's queries wait for at most one.
export const bodyBatchCount = 100;
const bodyBatchBytes = 4_000_000;
// Messages listed at a time; each page's batches are fetched one ahead of the parsing.
const bodyPageCount = 500;

export type BodyDownloadContext = {
  readonly store: Store;
  readonly emit: EmitEvent;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly isCancelled: () => boolean;
  // Another sync wants the connection (new mail, a folder opened): stop after this batch.
  readonly shouldYield: () => boolean;
  readonly now?: () => number;
};

// A batch fetched and not yet stored: prepare reads its text for search (the body text
// threads), then write stores it (the header writer's thread).
type FetchedBatch = { readonly prepare: () => Promise<PreparedBatch>; readonly discard: () => void };
type PreparedBatch = { readonly write: () => Promise<number>; readonly discard: () => void };

export type BodyDownloadResult = { readonly downloaded: number; readonly finished: boolean };

export function downloadingStatus(accountId: string, done: number, total: number): SyncStatus {
  return { state: 'syncing', text: `Downloading messages ${done} of ${total}`, accountId };
}

// The oldest Date a message may have and still be downloaded; null for every message.
export function policyFloor(policy: OfflinePolicy, now: number): number | null {
  if (policy.mode === 'all') return null;
  return now - policy.days * dayMs;
}

// Groups the page into batches of at most bodyBatchCount messages and about bodyBatchBytes.
export function bodyBatches(page: readonly MissingBody[]): readonly (readonly MissingBody[])[] {
  const batches: MissingBody[][] = [];
  let current: MissingBody[] = [];
  let bytes = 0;
  for (const message of page) {
    if (current.length > 0 && (current.length >= bodyBatchCount || bytes + message.size > bodyBatchBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

// After the headers, on the same connection: the bodies the account's offline policy asks
// for, newest first, Inbox first, each stored with its text for search in the transaction
// that marks it 'full' (the reader's path), so a downloaded message reads and is found
// offline. Returns early (finished false) when asked to yield or cancelled.
export async function downloadBodies(context: BodyDownloadContext, session: ImapSession, accountId: string): Promise<BodyDownloadResult> {
  const { store } = context;
  const fetchSources = session.fetchSources;
  const policy = await store.offlinePolicy.get(accountId);
  if (policy.mode === 'headers' || fetchSources === undefined) return { downloaded: 0, finished: true };
  const since = policyFloor(policy, (context.now ?? Date.now)());
  const folders = foldersToSync(await store.folders.listByAccount(accountId)).filter((folder) => folder.uidValidity !== null);
  const total = await store.offlinePolicy.countWithoutBody(
    folders.map((folder) => folder.id),
    since,
  );
  if (total === 0) return { downloaded: 0, finished: true };
  let done = 0;
  context.reportStatus(downloadingStatus(accountId, done, total));
  // Three stages overlap: batch N+1's FETCH is on the wire while batch N is parsed on the
  // body text threads and batch N-1 is written on the header writer's thread (about 27% off
  // the body phase at 10,000 messages: docs/decisions.md, "Full offline sync: where the time
  // goes"). A batch is written only once the one before it is stored and the download goes
  // on, so `done` is exactly what is stored: a download that gives way or is cancelled
  // stops after the batch it was writing, and the batch it was parsing is let go.
  let writing: { readonly stored: Promise<number>; readonly count: number } | null = null;
  let preparing: Promise<PreparedBatch> | null = null;
  const finishWrite = async (): Promise<void> => {
    if (writing === null) return;
    const { stored, count } = writing;
    writing = null;
    await stored;
    done += count;
    context.reportStatus(downloadingStatus(accountId, Math.min(done, total), total));
  };
  // Before giving way, cancelling or failing: nothing of this run is left in flight.
  const letGo = async (): Promise<void> => {
    const prepared = preparing;
    preparing = null;
    (await prepared?.catch(() => undefined))?.discard();
  };
  try {
    for (const folder of folders) {
      let after: BodyCursor | null = null;
      for (;;) {
        if (context.isCancelled()) throw new SyncCancelledError();
        if (context.shouldYield()) {
          await finishWrite();
          return { downloaded: done, finished: false };
        }
        const page = await store.offlinePolicy.listWithoutBody(folder.id, since, after, bodyPageCount);
        const last = page.at(-1);
        if (last === undefined) break;
        after = { date: last.date, id: last.id };
        const batches = bodyBatches(page);
        // A batch's network part; resolves to what parses and stores it.
        const fetchBatch = (batch: readonly MissingBody[]): Promise<FetchedBatch> => {
          const only = batch.length === 1 ? batch[0] : undefined;
          // A large message (always alone in its batch) comes in ranges, assembled and
          // parsed off the main thread, and stored there (large-source.ts).
          const fetching: Promise<FetchedBatch> =
            only !== undefined && fetchesInRanges(session, only.size)
              ? fetchLargeSource(session, store.sources, { messageId: only.id, folderPath: folder.path, uid: only.uid, uidValidity: folder.uidValidity }).then(
                  (upload) => {
                    const prepared: PreparedBatch = { write: () => storeLarge(context, folder, upload), discard: () => upload?.abort() };
                    return { prepare: () => Promise.resolve(prepared), discard: prepared.discard };
                  },
                )
              : fetchSources
                  .call(
                    session,
                    folder.path,
                    batch.map((message) => message.uid),
                    folder.uidValidity,
                  )
                  .then((fetched) => ({ prepare: () => parseBatch(context, folder, batch, fetched), discard: () => undefined }));
          // Awaited after the batch before it is parsed; a failure meanwhile is not unhandled.
          fetching.catch(() => undefined);
          return fetching;
        };
        // The next batch's FETCH goes out before this one is parsed, so the server and the
        // network work while the threads do.
        let next: Promise<FetchedBatch> | null = batches[0] === undefined ? null : fetchBatch(batches[0]);
        try {
          for (const [index, batch] of batches.entries()) {
            if (next === null) break;
            const fetched = await next;
            const following = batches[index + 1];
            next = following === undefined ? null : fetchBatch(following);
            const parsing = fetched.prepare();
            parsing.catch(() => undefined);
            preparing = parsing;
            await finishWrite();
            if (context.isCancelled()) throw new SyncCancelledError();
            if (context.shouldYield()) return { downloaded: done, finished: false };
            preparing = null;
            writing = { stored: parsing.then((prepared) => prepared.write()), count: batch.length };
            writing.stored.catch(() => undefined);
            // Requests, IPC and events waiting on the event loop run before the next batch.
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          // A FETCH still in flight must finish before the connection is handed on; what it
          // fetched is not stored (a large one's chunks are let go on the writer's thread).
          (await next?.catch(() => undefined))?.discard();
        }
      }
    }
    await finishWrite();
    return { downloaded: done, finished: true };
  } finally {
    await letGo();
    // Only after a failure: the write in flight still ends before the connection is handed on.
    await (writing as { readonly stored: Promise<number> } | null)?.stored.catch(() => undefined);
  }
}

// Reads the batch's text for search on the body text threads; what it resolves to stores it.
async function parseBatch(
  context: BodyDownloadContext,
  folder: StoredFolder,
  batch: readonly MissingBody[],
  fetched: readonly FetchedSource[],
): Promise<PreparedBatch> {
  const byUid = new Map(fetched.map((entry) => [entry.uid, entry.source]));
  const pool = sharedBodyTextPool();
  // Gone on the server since the headers were read: the next resync removes them.
  const present = batch.flatMap((message) => {
    const source = byUid.get(message.uid);
    return source === undefined ? [] : [{ messageId: message.id, source }];
  });
  const entries = await Promise.all(
    present.map(async (entry) => {
      // A thread that died on a message (memory, a parser bug) leaves it stored unindexed:
      // its source is what must not be lost.
      const text = await pool.bodyText(entry.source).catch(() => undefined);
      return text === undefined ? entry : { ...entry, text };
    }),
  );
  return { write: () => storeBatch(context, folder, entries), discard: () => undefined };
}

async function storeBatch(context: BodyDownloadContext, folder: StoredFolder, entries: readonly FullSource[]): Promise<number> {
  // One transaction for the batch: the sources and their text are durable together.
  const stored = await context.store.sources.storeFullBatch(entries);
  if (stored > 0) context.emit('messagesChanged', { folderIds: [folder.id] });
  return stored;
}

// A large message fetched into an upload (null: gone on the server); committed on the
// header writer's thread with its text, which a body text thread of that thread reads.
async function storeLarge(context: BodyDownloadContext, folder: StoredFolder, upload: LargeSourceUpload | null): Promise<number> {
  if (upload === null || !(await upload.commit())) return 0;
  context.emit('messagesChanged', { folderIds: [folder.id] });
  return 1;
}
