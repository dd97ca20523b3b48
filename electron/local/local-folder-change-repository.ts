// The SQL of deleting local folders (local-folder-changes.ts): each change is ONE
// transaction, made before the files follow on disk (as a delivery commits before its
// rename into cur/), so after a crash the store already says where every message belongs and
// Local Folders' recovery moves the files there.
import type { DatabaseSync } from 'node:sqlite';
import { crashPoint } from '../crash/crash-point.ts';
import { asPromise } from '../store/as-promise.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readOptionalInteger, readText } from '../store/row-values.ts';
import { createStatementCache } from '../store/statement-cache.ts';
import { runInTransaction } from '../store/transaction.ts';

export type LocalFolderWork = {
  // Queued changes to messages of these folders not yet carried out on their files.
  readonly pendingActions: number;
  // Whole-folder saves from a server still delivering into these folders.
  readonly savingJobs: number;
};

export type LocalFolderChangeRepository = {
  workIn(folderIds: readonly string[]): Promise<LocalFolderWork>;
  // Every message (and its file's row) of these folders goes into the target with the
  // target's next UIDs, and the folders' rows go, in one transaction. Returns how many moved.
  moveAllAndRemove(folderIds: readonly string[], targetFolderId: string): Promise<number>;
  // Deletes every message of these folders for good and the rows of `removeFolderIds` (a
  // folder kept, like an emptied Trash, gets its counts refreshed). Returns the base names
  // of the files whose rows went.
  deleteAll(folderIds: readonly string[], removeFolderIds: readonly string[]): Promise<ReadonlySet<string>>;
};

export function createLocalFolderChangeRepository(database: DatabaseSync): LocalFolderChangeRepository {
  const statement = createStatementCache(database);
  const ids = (folderIds: readonly string[]): string => JSON.stringify(folderIds.map((id) => toRowId(id)));
  const inFolders = 'IN (SELECT value FROM json_each(?))';

  function refreshCounts(folderId: number): void {
    statement(`UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
      unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0) WHERE id = ?`).run(folderId);
  }

  function takeUid(folderId: number): number {
    const row = statement('SELECT uid_next FROM folders WHERE id = ?').get(folderId);
    if (!row) throw new Error('The target folder no longer exists');
    const uid = readOptionalInteger(row, 'uid_next') ?? 1;
    statement('UPDATE folders SET uid_next = ? WHERE id = ?').run(uid + 1, folderId);
    return uid;
  }

  function removeFolders(folderIds: readonly string[]): void {
    if (folderIds.length > 0) statement(`DELETE FROM folders WHERE id ${inFolders}`).run(ids(folderIds));
  }

  return {
    workIn: (folderIds) =>
      asPromise(() => {
        const list = ids(folderIds);
        const actions = statement(`SELECT COUNT(*) AS n FROM actions WHERE
          CAST(json_extract(payload_json, '$.folderId') AS INTEGER) ${inFolders}
          OR CAST(json_extract(payload_json, '$.targetFolderId') AS INTEGER) ${inFolders}`).get(list, list);
        const jobs = statement(`SELECT COUNT(*) AS n FROM folder_save_jobs WHERE target_folder_id ${inFolders}`).get(list);
        return { pendingActions: actions ? readInteger(actions, 'n') : 0, savingJobs: jobs ? readInteger(jobs, 'n') : 0 };
      }),
    async moveAllAndRemove(folderIds, targetFolderId) {
      const moved = await asPromise(() =>
        runInTransaction(database, () => {
          const target = toRowId(targetFolderId);
          const list = ids(folderIds);
          const messages = statement(`SELECT id FROM messages WHERE folder_id ${inFolders} ORDER BY folder_id, uid`).all(list);
          for (const message of messages) {
            const id = readInteger(message, 'id');
            const uid = takeUid(target);
            statement('UPDATE messages SET folder_id = ?, uid = ? WHERE id = ?').run(target, uid, id);
            statement('UPDATE local_files SET folder_id = ?, uid = ? WHERE message_ref = ?').run(target, uid, id);
          }
          // A file row without a message (none is written today) must not cascade away with its folder.
          for (const file of statement(`SELECT base_name FROM local_files WHERE folder_id ${inFolders}`).all(list)) {
            statement('UPDATE local_files SET folder_id = ?, uid = ? WHERE base_name = ?').run(
              target,
              takeUid(target),
              readText(file, 'base_name'),
            );
          }
          removeFolders(folderIds);
          refreshCounts(target);
          return messages.length;
        }),
      );
      crashPoint('store-commit');
      return moved;
    },
    async deleteAll(folderIds, removeFolderIds) {
      const removed = await asPromise(() =>
        runInTransaction(database, () => {
          const list = ids(folderIds);
          const baseNames = new Set(
            statement(`SELECT base_name FROM local_files WHERE folder_id ${inFolders}`)
              .all(list)
              .map((row) => readText(row, 'base_name')),
          );
          statement(`DELETE FROM local_files WHERE folder_id ${inFolders}`).run(list);
          statement(`DELETE FROM messages WHERE folder_id ${inFolders}`).run(list);
          removeFolders(removeFolderIds);
          const kept = new Set(removeFolderIds);
          for (const folderId of folderIds) if (!kept.has(folderId)) refreshCounts(toRowId(folderId));
          return baseNames;
        }),
      );
      crashPoint('store-commit');
      return removed;
    },
  };
}
