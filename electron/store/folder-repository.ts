import type { DatabaseSync } from 'node:sqlite';
import type { Folder, FolderRole } from '../../shared/domain.ts';
import type { RemoteFolder } from '../imap/imap-types.ts';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readBoolean, readInteger, readOptionalInteger, readOptionalText, readText, type Row } from './row-values.ts';
import { runInTransaction } from './transaction.ts';

// A folder as the server lists it, with its STATUS counts; the UID state is recorded
// only once its headers are synced (setSyncState).
export type FolderListing = Omit<RemoteFolder, 'uidValidity' | 'uidNext' | 'highestModseq'>;

// What sync needs beyond the domain type: the RFC 3501 2.3.1.1 pair that says
// whether cached UIDs are still valid, and where new mail starts.
export type StoredFolder = Folder & {
  readonly uidValidity: number | null;
  readonly uidNext: number | null;
  readonly highestModseq: string | null;
};

export type FolderSyncState = {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: string | null;
};

export type FolderReplacement = {
  readonly folders: readonly StoredFolder[];
  readonly removedFolderIds: readonly string[];
};

export type FolderRepository = {
  listByAccount(accountId: string): Promise<readonly StoredFolder[]>;
  get(folderId: string): Promise<StoredFolder | null>;
  // Makes the account's folders match the server's list: new ones added, known ones
  // updated, gone ones deleted with their messages. New folders start with STATUS counts.
  replaceFromServer(accountId: string, listing: readonly FolderListing[]): Promise<FolderReplacement>;
  setSyncState(folderId: string, state: FolderSyncState): Promise<void>;
  setCounts(folderId: string, unread: number, total: number): Promise<void>;
  // Sets the folder's counts from the messages cached for it, and returns them.
  refreshCounts(folderId: string): Promise<{ readonly unread: number; readonly total: number }>;
};

export function createFolderRepository(database: DatabaseSync): FolderRepository {
  const selectByAccount = database.prepare('SELECT * FROM folders WHERE account_id = ? ORDER BY id');
  const selectOne = database.prepare('SELECT * FROM folders WHERE id = ?');
  const upsert = database.prepare(`
    INSERT INTO folders (account_id, path, name, delimiter, role, subscribed, selectable, unread_count, total_count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, path) DO UPDATE SET
      name = excluded.name, delimiter = excluded.delimiter, role = excluded.role,
      subscribed = excluded.subscribed, selectable = excluded.selectable
  `);
  const selectPaths = database.prepare('SELECT id, path FROM folders WHERE account_id = ?');
  const setParent = database.prepare('UPDATE folders SET parent_id = ? WHERE id = ?');
  const deleteOne = database.prepare('DELETE FROM folders WHERE id = ?');
  const updateSyncState = database.prepare(
    'UPDATE folders SET uid_validity = ?, uid_next = ?, highest_modseq = ? WHERE id = ?',
  );
  const updateCounts = database.prepare('UPDATE folders SET unread_count = ?, total_count = ? WHERE id = ?');
  const countMessages = database.prepare(
    'SELECT COUNT(*) AS total, (SELECT COUNT(*) FROM messages WHERE folder_id = ? AND seen = 0) AS unread FROM messages WHERE folder_id = ?',
  );

  return {
    listByAccount(accountId) {
      return asPromise(() => selectByAccount.all(toRowId(accountId)).map(toStoredFolder));
    },
    get(folderId) {
      return asPromise(() => {
        const row = selectOne.get(toRowId(folderId));
        return row ? toStoredFolder(row) : null;
      });
    },
    replaceFromServer(accountId, listing) {
      return asPromise(() =>
        runInTransaction(database, () => {
          const accountRowId = toRowId(accountId);
          for (const folder of listing) {
            upsert.run(
              accountRowId,
              folder.path,
              folder.name,
              folder.delimiter,
              folder.role,
              folder.subscribed ? 1 : 0,
              folder.selectable ? 1 : 0,
              folder.unseen,
              folder.messages,
            );
          }
          const listed = new Map(listing.map((folder) => [folder.path, folder]));
          const idsByPath = new Map<string, number>();
          const removedFolderIds: string[] = [];
          for (const row of selectPaths.all(accountRowId)) {
            const id = readInteger(row, 'id');
            const path = readText(row, 'path');
            if (listed.has(path)) idsByPath.set(path, id);
            else {
              deleteOne.run(id);
              removedFolderIds.push(String(id));
            }
          }
          for (const [path, id] of idsByPath) {
            const parentPath = listed.get(path)?.parentPath ?? null;
            setParent.run(parentPath === null ? null : (idsByPath.get(parentPath) ?? null), id);
          }
          return { folders: selectByAccount.all(accountRowId).map(toStoredFolder), removedFolderIds };
        }),
      );
    },
    setSyncState(folderId, state) {
      return asPromise(() => {
        updateSyncState.run(state.uidValidity, state.uidNext, state.highestModseq, toRowId(folderId));
      });
    },
    setCounts(folderId, unread, total) {
      return asPromise(() => {
        updateCounts.run(unread, total, toRowId(folderId));
      });
    },
    refreshCounts(folderId) {
      return asPromise(() => {
        const id = toRowId(folderId);
        const row = countMessages.get(id, id);
        const counts = { unread: row ? readInteger(row, 'unread') : 0, total: row ? readInteger(row, 'total') : 0 };
        updateCounts.run(counts.unread, counts.total, id);
        return counts;
      });
    },
  };
}

function toStoredFolder(row: Row): StoredFolder {
  const parentId = readOptionalInteger(row, 'parent_id');
  return {
    id: String(readInteger(row, 'id')),
    accountId: String(readInteger(row, 'account_id')),
    path: readText(row, 'path'),
    name: readText(row, 'name'),
    parentId: parentId === null ? null : String(parentId),
    delimiter: readOptionalText(row, 'delimiter'),
    role: readOptionalText(row, 'role') as FolderRole | null,
    subscribed: readBoolean(row, 'subscribed'),
    selectable: readBoolean(row, 'selectable'),
    unreadCount: readInteger(row, 'unread_count'),
    totalCount: readInteger(row, 'total_count'),
    uidValidity: readOptionalInteger(row, 'uid_validity'),
    uidNext: readOptionalInteger(row, 'uid_next'),
    highestModseq: readOptionalText(row, 'highest_modseq'),
  };
}

// The domain type without the sync bookkeeping, for the renderer.
export function toFolder(folder: StoredFolder): Folder {
  return {
    id: folder.id,
    accountId: folder.accountId,
    path: folder.path,
    name: folder.name,
    parentId: folder.parentId,
    delimiter: folder.delimiter,
    role: folder.role,
    subscribed: folder.subscribed,
    selectable: folder.selectable,
    unreadCount: folder.unreadCount,
    totalCount: folder.totalCount,
  };
}
