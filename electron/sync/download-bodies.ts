import type { SyncStatus } from '../../shared/domain.ts';
import type { OfflinePolicy } from '../../shared/sync/offline-policy.ts';
import type { FetchedSource, ImapSession } from '../imap/imap-types.ts';
import { sharedBodyTextPool } from '../search/body-text-pool.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { BodyCursor, MissingBody } from '../store/offline-policy-repository.ts';
import type { Store } from '../store/store.ts';
import type { LargeSourceUpload } from '../store/message-source-repository.ts';
import { foldersToSync } from './folder-order.ts';
import { fetchLargeSource, fetchesInRanges } from './large-source.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';

const dayMs = 86_400_000;

// A batch is one UID FETCH and one transaction on the header writer's thread, parsed on
// the body text threads: 100 messages (about 4 MB at most) amortise the commit, while a
// message the user opens (its own connection) and the UI's queries wait for at most one.
export const bodyBatchCount = 100;
const bodyBatchBytes = 4_000_000;
// Messages listed at a time; batches run on from one page into the next.
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

// A batch fetched and not yet stored. `store` parses it on the body text threads at once,
// and writes it on the header writer's thread once `go` says so: true when the batch
// before it is stored and the download goes on, false when it stopped (gave way, was
// cancelled, or failed), and then nothing of this batch is written.
type FetchedBatch = { readonly store: (go: Promise<boolean>) => Promise<number>; readonly discard: () => void };

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

// A folder's missing bodies in batches, a page of them listed at a time. The next page is
// listed after the last message of the one before, so batches still being fetched or
// stored are not listed again.
async function* missingBatches(context: BodyDownloadContext, folder: StoredFolder, since: number | null): AsyncGenerator<readonly MissingBody[]> {
  let after: BodyCursor | null = null;
  for (;;) {
    const page = await context.store.offlinePolicy.listWithoutBody(folder.id, since, after, bodyPageCount);
    const last = page.at(-1);
    if (last === undefined) return;
    after = { date: last.date, id: last.id };
    yield* bodyBatches(page);
  }
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
  // A batch done (its messages stored, or gone on the server) is counted and reported, and
  // the download checks for a reason to stop (true: give way now).
  const stored = (count: number): boolean => {
    done += count;
    context.reportStatus(downloadingStatus(accountId, Math.min(done, total), total));
    if (context.isCancelled()) throw new SyncCancelledError();
    return context.shouldYield();
  };
  for (const folder of folders) {
    if (context.isCancelled()) throw new SyncCancelledError();
    if (context.shouldYield()) return { downloaded: done, finished: false };
    const batches = missingBatches(context, folder, since);
    // A batch's network part; resolves to what parses and stores it.
    const fetchBatch = (batch: readonly MissingBody[]): Promise<FetchedBatch> => {
      const only = batch.length === 1 ? batch[0] : undefined;
      // A large message (always alone in its batch) comes in ranges, assembled and stored
      // off the main thread (large-source.ts).
      const fetching: Promise<FetchedBatch> =
        only !== undefined && fetchesInRanges(session, only.size)
          ? fetchLargeSource(session, store.sources, { messageId: only.id, folderPath: folder.path, uid: only.uid, uidValidity: folder.uidValidity }).then(
              (upload) => ({
                store: async (go) => {
                  if (await go) return storeLarge(context, folder, upload);
                  upload?.abort();
                  return 0;
                },
                discard: () => upload?.abort(),
              }),
            )
          : fetchSources
              .call(
                session,
                folder.path,
                batch.map((message) => message.uid),
                folder.uidValidity,
              )
              .then((fetched) => ({ store: (go) => storeBatch(context, folder, batch, fetched, go), discard: () => undefined }));
      // Awaited after the batch before it is stored; a failure meanwhile is not unhandled.
      fetching.catch(() => undefined);
      return fetching;
    };
    // Three stages, each on its own thread, overlapped (docs/decisions.md, "Full offline
    // sync: where the time goes"): batch N+1's FETCH is on the wire and batch N is parsed
    // on the body text threads while batch N-1 is written on the header writer's thread.
    // At most those three batches are held at once.
    type Fetching = { readonly count: number; readonly result: Promise<FetchedBatch> };
    type Storing = { readonly count: number; readonly result: Promise<number>; readonly go: (write: boolean) => void };
    const fetchNext = async (): Promise<Fetching | null> => {
      const batch = await batches.next();
      return batch.done === true ? null : { count: batch.value.length, result: fetchBatch(batch.value) };
    };
    const startStoring = (fetched: FetchedBatch, count: number): Storing => {
      let go: (write: boolean) => void = () => undefined;
      const result = fetched.store(new Promise<boolean>((resolve) => (go = resolve)));
      // Settled below, or in `finally` when the download stops before it.
      result.catch(() => undefined);
      return { count, result, go };
    };
    let next = await fetchNext();
    // The batch being parsed, and written once the one before it is stored.
    let storing: Storing | null = null;
    try {
      while (next !== null) {
        const fetched = await next.result;
        const count = next.count;
        next = await fetchNext();
        const before: Storing | null = storing;
        storing = startStoring(fetched, count);
        if (before !== null) {
          await before.result;
          if (stored(before.count)) return { downloaded: done, finished: false };
        }
        storing.go(true);
        // Requests, IPC and events waiting on the event loop run before the next batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const last: Storing | null = storing;
      storing = null;
      if (last !== null) {
        await last.result;
        if (stored(last.count)) return { downloaded: done, finished: false };
      }
    } finally {
      // A FETCH still in flight must finish before the connection is handed on; what it
      // fetched is not stored (a large one's chunks are let go on the writer's thread).
      // A batch still being parsed is not written either, and its parse is waited for,
      // so nothing of this run is in flight after it.
      storing?.go(false);
      (await next?.result.catch(() => undefined))?.discard();
      await storing?.result.catch(() => undefined);
    }
  }
  return { downloaded: done, finished: true };
}

async function storeBatch(
  context: BodyDownloadContext,
  folder: StoredFolder,
  batch: readonly MissingBody[],
  fetched: readonly FetchedSource[],
  go: Promise<boolean>,
): Promise<number> {
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
  if (!(await go)) return 0;
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
