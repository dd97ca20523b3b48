import type { SyncStatus } from '../../shared/domain.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { FolderSnapshot, ImapSession, RemoteFolder } from '../imap/imap-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { Store } from '../store/store.ts';
import { SyncCancelledError } from './sync-cancelled-error.ts';
import { syncingStatus } from './sync-status.ts';

export const headerBatchSize = 500;

// A renderer re-queries on every messagesChanged; at most one a second while a big
// folder streams in keeps the list live without making it re-query 200 times.
const changeEventIntervalMs = 1000;

export type FolderSyncContext = {
  readonly store: Store;
  readonly emit: EmitEvent;
  readonly reportStatus: (status: SyncStatus) => void;
  readonly isCancelled: () => boolean;
};

// Brings one folder's cached headers up to the server: fetches the UIDs from the
// stored UIDNEXT on, each batch written in one transaction, then records the new
// UIDNEXT and the counts. `remote` is the folder's STATUS from LIST, when known.
export async function syncFolderHeaders(
  context: FolderSyncContext,
  session: ImapSession,
  folder: StoredFolder,
  remote: RemoteFolder | null,
): Promise<void> {
  const { store, emit } = context;
  let knownValidity = folder.uidValidity;
  // RFC 3501 2.3.1.1: a new UIDVALIDITY voids every cached UID of the folder.
  if (knownValidity !== null && remote?.uidValidity != null && remote.uidValidity !== knownValidity) {
    await store.messages.removeAllInFolder(folder.id);
    emit('messagesChanged', { folderIds: [folder.id] });
    knownValidity = null;
  }
  const fromUid = knownValidity !== null ? (folder.uidNext ?? 1) : 1;
  const nothingNew =
    knownValidity !== null && remote?.uidNext != null && folder.uidNext !== null && remote.uidNext <= folder.uidNext;
  if (!nothingNew) {
    let snapshot = await fetchFrom(context, session, folder, fromUid);
    if (knownValidity !== null && snapshot.uidValidity !== knownValidity) {
      // The folder was recreated between LIST and SELECT: start it over.
      await store.messages.removeAllInFolder(folder.id);
      snapshot = await fetchFrom(context, session, folder, 1);
    }
    await store.folders.setSyncState(folder.id, {
      uidValidity: snapshot.uidValidity,
      uidNext: snapshot.uidNext,
      highestModseq: snapshot.highestModseq,
    });
  }
  await store.folders.refreshCounts(folder.id);
  emit('messagesChanged', { folderIds: [folder.id] });
}

async function fetchFrom(
  context: FolderSyncContext,
  session: ImapSession,
  folder: StoredFolder,
  fromUid: number,
): Promise<FolderSnapshot> {
  const name = folder.name;
  let lastEvent = 0;
  context.reportStatus(syncingStatus(folder.accountId, name, 0, 0));
  return session.fetchHeaders(folder.path, {
    batchSize: headerBatchSize,
    fromUid,
    onBatch: async (headers, progress) => {
      if (context.isCancelled()) throw new SyncCancelledError();
      const wanted = headers.filter((header) => header.uid >= fromUid);
      await context.store.messages.upsertHeaders(folder.id, wanted);
      context.reportStatus(syncingStatus(folder.accountId, name, progress.done, progress.total));
      const now = Date.now();
      if (now - lastEvent >= changeEventIntervalMs) {
        lastEvent = now;
        context.emit('messagesChanged', { folderIds: [folder.id] });
      }
    },
  });
}
