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

// A batch fetched and not yet stored.
type FetchedBatch = { readonly store: () => Promise<number>; readonly discard: () => void };

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
  for (const folder of folders) {
    let after: BodyCursor | null = null;
    for (;;) {
      if (context.isCancelled()) throw new SyncCancelledError();
      if (context.shouldYield()) return { downloaded: done, finished: false };
      const page = await store.offlinePolicy.listWithoutBody(folder.id, since, after, bodyPageCount);
      const last = page.at(-1);
      if (last === undefined) break;
      after = { date: last.date, id: last.id };
      const batches = bodyBatches(page);
      // A batch's network part; resolves to what stores it.
      const fetchBatch = (batch: readonly MissingBody[]): Promise<FetchedBatch> => {
        const only = batch.length === 1 ? batch[0] : undefined;
        // A large message (always alone in its batch) comes in ranges, assembled and stored
        // off the main thread (large-source.ts).
        const fetching: Promise<FetchedBatch> =
          only !== undefined && fetchesInRanges(session, only.size)
            ? fetchLargeSource(session, store.sources, { messageId: only.id, folderPath: folder.path, uid: only.uid, uidValidity: folder.uidValidity }).then(
                (upload) => ({
                  store: () => storeLarge(context, folder, upload),
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
                .then((fetched) => ({ store: () => storeBatch(context, folder, batch, fetched), discard: () => undefined }));
        // Awaited after the batch before it is stored; a failure meanwhile is not unhandled.
        fetching.catch(() => undefined);
        return fetching;
      };
      // The next batch's FETCH goes out before this one is parsed and stored, so the
      // server and the network work while the parsing threads do.
      let next: Promise<FetchedBatch> | null = batches[0] === undefined ? null : fetchBatch(batches[0]);
      try {
        for (const [index, batch] of batches.entries()) {
          if (next === null) break;
          const fetched = await next;
          const following = batches[index + 1];
          next = following === undefined ? null : fetchBatch(following);
          await fetched.store();
          done += batch.length;
          context.reportStatus(downloadingStatus(accountId, Math.min(done, total), total));
          if (context.isCancelled()) throw new SyncCancelledError();
          if (context.shouldYield()) return { downloaded: done, finished: false };
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
  return { downloaded: done, finished: true };
}

async function storeBatch(
  context: BodyDownloadContext,
  folder: StoredFolder,
  batch: readonly MissingBody[],
  fetched: readonly FetchedSource[],
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
