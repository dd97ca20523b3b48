import type { SyncStatus } from '../../shared/domain.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { FolderResync, FolderSnapshot, FolderStatus, ImapSession, RemoteFolder, ResyncKnownState } from '../imap/imap-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { Store } from '../store/store.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';
import { syncingStatus } from './sync-status.ts';
import { restoreKeptSources } from './restore-kept-sources.ts';
import { createWriteBehind } from './write-behind.ts';

export const headerBatchSize = 500;
// Header batches the FETCH may run ahead of their writes: enough for the server, the
// parser and the writer's thread to overlap, few enough that a slow disk holds memory to
// about 1,500 headers.
const headerWritesAhead = 3;
// A FLAGS-only FETCH answer is about 60 bytes a message.
const flagBatchSize = 2000;

// A renderer re-queries on every messagesChanged; at most one a second while a big
// folder streams in keeps the list live without making it re-query 200 times.
const changeEventIntervalMs = 1000;

export type FolderSyncContext = {
  readonly store: Store;
  readonly emit: EmitEvent;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly isCancelled: () => boolean;
  // false forces the UID comparison even where QRESYNC is offered (tests).
  readonly allowModseq: boolean;
  // Told the UIDs of messages fetched into a folder synced before (new mail, not a first
  // sync or a rebuild), once they are stored.
  readonly onNewMail?: (folderId: string, uids: readonly number[]) => void;
};

// Brings one folder's cache up to the server: gone messages removed and changed flags
// updated (resyncCached), then the UIDs from the stored UIDNEXT on fetched, each batch
// written in one transaction; then records the new UID state and the counts. `remote` is
// the folder's STATUS from LIST, when known: with it, an unchanged folder is not selected.
// Without it, a folder synced before under CONDSTORE is asked STATUS first, for the same
// reason (docs/decisions.md, "A no-change resync asks STATUS first").
export async function syncFolderHeaders(
  context: FolderSyncContext,
  session: ImapSession,
  folder: StoredFolder,
  given: RemoteFolder | null,
): Promise<void> {
  const { store, emit } = context;
  // A crash between a write of sync and the reapply after it left the server's older view.
  let changed = await keepPendingChanges(context, folder);
  const remote = given ?? (await statusIfItTells(context, session, folder));
  if (remote !== null && isUnchanged(folder, remote)) return;
  let knownValidity = folder.uidValidity;
  // RFC 3501 2.3.1.1: a new UIDVALIDITY voids every cached UID of the folder.
  if (knownValidity !== null && remote?.uidValidity != null && remote.uidValidity !== knownValidity) {
    await clearForNewValidity(context, folder);
    knownValidity = null;
  }
  let snapshot: FolderSnapshot | null = null;
  if (knownValidity !== null && folder.uidNext !== null) {
    const { resync, changedRows } = await resyncCached(context, session, folder, {
      uidValidity: knownValidity,
      uidNext: folder.uidNext,
      highestModseq: folder.highestModseq,
    });
    if (changedRows) changed = true;
    if (resync.mode === 'uidvalidity-changed') {
      // The folder was recreated between LIST and SELECT.
      await clearForNewValidity(context, folder);
      knownValidity = null;
    } else {
      snapshot = resync.snapshot;
    }
  }
  const fromUid = knownValidity !== null ? (folder.uidNext ?? 1) : 1;
  // UIDs above the last sync's UIDNEXT are mail that arrived since (RFC 3501 2.3.1.1).
  const arrived: number[] | null = knownValidity !== null && folder.uidNext !== null ? [] : null;
  if (snapshot === null || snapshot.uidNext > fromUid) {
    changed = true;
    snapshot = await fetchFrom(context, session, folder, fromUid, arrived);
    if (knownValidity !== null && snapshot.uidValidity !== knownValidity) {
      // Recreated between the resync and this fetch: start it over.
      arrived?.splice(0);
      await clearForNewValidity(context, folder);
      snapshot = await fetchFrom(context, session, folder, 1, null);
    }
  }
  const moved =
    snapshot.uidValidity !== folder.uidValidity || snapshot.uidNext !== folder.uidNext || snapshot.highestModseq !== folder.highestModseq;
  // Nothing to write: an UPDATE of the same values would still end what readers derived from
  // the store (the conversation order of a 100,000-message folder is rebuilt after any write),
  // and messagesChanged would have the list asked for again.
  if (!changed && !moved) return;
  // Counts before the state: a sync cut between the two leaves the old state, so the next
  // one does not take the folder for unchanged and counts again.
  await store.folders.refreshCounts(folder.id);
  await store.folders.setSyncState(folder.id, {
    uidValidity: snapshot.uidValidity,
    uidNext: snapshot.uidNext,
    highestModseq: snapshot.highestModseq,
  });
  emit('messagesChanged', { folderIds: [folder.id] });
  if (arrived !== null && arrived.length > 0) context.onNewMail?.(folder.id, arrived);
}

// STATUS (RFC 3501 6.3.10) says nothing changed: same UIDVALIDITY and UIDNEXT (no new
// mail), same HIGHESTMODSEQ (RFC 7162 3.1.2: no flag change, no expunge), and the same
// counts as the cache. Without HIGHESTMODSEQ a flag change is invisible in STATUS but for
// the unseen count, so the counts stand in for it.
function isUnchanged(folder: StoredFolder, remote: FolderStatus): boolean {
  return (
    folder.uidValidity !== null &&
    remote.uidValidity === folder.uidValidity &&
    remote.uidNext === folder.uidNext &&
    remote.highestModseq === folder.highestModseq &&
    remote.messages === folder.totalCount &&
    remote.unseen === folder.unreadCount
  );
}

// A STATUS can stand for the EXAMINE only where HIGHESTMODSEQ (RFC 7162 3.1.2) shows flag
// changes and expunges, and only for a folder synced before; without CONDSTORE, opening a
// folder is what compares its flags (docs/decisions.md, "Staying true to the server").
async function statusIfItTells(context: FolderSyncContext, session: ImapSession, folder: StoredFolder): Promise<FolderStatus | null> {
  if (!context.allowModseq || folder.uidValidity === null || folder.uidNext === null || folder.highestModseq === null) return null;
  if (session.folderStatus === undefined) return null;
  return session.folderStatus(folder.path);
}

// Conflict rule 3 (docs/decisions.md): a change still waiting in the action queue was made
// on an older view than the one just written, so it goes back over it. Run straight after
// each write, with no await on I/O between: the store's calls are synchronous underneath,
// so no request of the UI runs between the two and none sees a change flicker back.
// True when it changed the folder's rows.
async function keepPendingChanges(context: FolderSyncContext, folder: StoredFolder): Promise<boolean> {
  return (await context.store.actions.reapply([folder.id])).length > 0;
}

async function clearForNewValidity(context: FolderSyncContext, folder: StoredFolder): Promise<void> {
  await context.store.sync.keepSourcesAndClear(folder.id);
  context.emit('messagesChanged', { folderIds: [folder.id] });
}

async function resyncCached(
  context: FolderSyncContext,
  session: ImapSession,
  folder: StoredFolder,
  known: ResyncKnownState,
): Promise<{ readonly resync: FolderResync; readonly changedRows: boolean }> {
  const { store } = context;
  let changed = 0;
  let changedRows = false;
  const result = await session.resyncFolder(folder.path, known, {
    batchSize: flagBatchSize,
    allowModseq: context.allowModseq,
    onBatch: async (batch) => {
      if (context.isCancelled()) throw new SyncCancelledError();
      if (batch.kind === 'flags') {
        changed += await store.sync.applyFlagUpdates(folder.id, batch.updates);
        // The server's flags may be older than a change still in the queue.
        await keepPendingChanges(context, folder);
      } else if (batch.kind === 'vanished') changed += await store.sync.removeUids(folder.id, batch.uids);
      else {
        const present = new Set(batch.uids);
        const cached = await store.sync.listUidsBelow(folder.id, batch.below);
        changed += await store.sync.removeUids(
          folder.id,
          cached.filter((uid) => !present.has(uid)),
        );
      }
      if (changed > 0) {
        changedRows = true;
        context.emit('messagesChanged', { folderIds: [folder.id] });
      }
      changed = 0;
    },
  });
  return { resync: result, changedRows };
}

async function fetchFrom(
  context: FolderSyncContext,
  session: ImapSession,
  folder: StoredFolder,
  fromUid: number,
  arrived: number[] | null,
): Promise<FolderSnapshot> {
  const name = folder.name;
  let lastEvent = 0;
  // A full fetch over a folder that already holds rows (a first sync cut short, or kept
  // rows of an interrupted rebuild) must also drop what the server no longer has.
  const seen = fromUid <= 1 ? new Set<number>() : null;
  context.reportStatus(syncingStatus(folder.accountId, name, 0, 0));
  const writes = createWriteBehind(headerWritesAhead);
  let snapshot: FolderSnapshot;
  try {
    snapshot = await session.fetchHeaders(folder.path, {
      batchSize: headerBatchSize,
      fromUid,
      onBatch: async (headers, progress) => {
        if (context.isCancelled()) throw new SyncCancelledError();
        const wanted = headers.filter((header) => header.uid >= fromUid);
        await writes.add(async () => {
          // A whole folder's first fetch: the word index takes the batches once they stop
          // (docs/decisions.md), so the list fills first. New mail is indexed as it is stored.
          await context.store.messages.upsertHeaders(folder.id, wanted, { deferSearchIndex: seen !== null });
          // A full refetch rewrites flags of cached messages and brings back moved ones.
          if (seen !== null) await keepPendingChanges(context, folder);
          context.reportStatus(syncingStatus(folder.accountId, name, progress.done, progress.total));
          const now = Date.now();
          if (now - lastEvent >= changeEventIntervalMs) {
            lastEvent = now;
            context.emit('messagesChanged', { folderIds: [folder.id] });
          }
        });
        for (const header of wanted) seen?.add(header.uid);
        for (const header of wanted) arrived?.push(header.uid);
      },
    });
  } catch (error) {
    // What was fetched before the failure is stored before it is reported, so the next
    // sync starts from it.
    await writes.drain().catch(() => undefined);
    throw error;
  }
  await writes.drain();
  if (seen !== null) {
    // Searches shown now are asked again once the index holds this folder's messages.
    context.store.messages.flushSearchIndex().then(
      () => {
        context.emit('messagesChanged', { folderIds: [folder.id] });
      },
      () => undefined,
    );
    const cached = await context.store.sync.listUidsBelow(folder.id, snapshot.uidNext);
    const gone = cached.filter((uid) => !seen.has(uid));
    // No write transaction for nothing: the header writer's catch-up may hold the lock,
    // and this thread would sleep on busy_timeout behind it.
    if (gone.length > 0) await context.store.sync.removeUids(folder.id, gone);
    // Sources kept across a UIDVALIDITY change find their messages again by Message-ID.
    await restoreKeptSources(context.store, folder.id);
  }
  return snapshot;
}
