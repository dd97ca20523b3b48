// The SQL of IMAP "Save locally" / "Move to local" (migration 13, local_saves). Rows are
// inserted with their local copy (local-repository.ts); this moves them through
// written -> verified -> done (a copy) or removed (a move whose server copy is gone).
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';
import { createStatementCache } from '../store/statement-cache.ts';
import { toRowId } from '../store/row-id.ts';
import { readInteger, readOptionalInteger, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';
import { crashPoint } from '../crash/crash-point.ts';

export type LocalSave = {
  readonly id: number;
  readonly localMessageId: string;
  readonly accountId: string;
  readonly folderPath: string;
  readonly uidValidity: number | null;
  readonly uid: number;
  readonly sha256: string;
  readonly size: number;
  readonly mode: 'copy' | 'move';
  readonly state: 'written' | 'verified' | 'done';
};

export type LocalSaveRepository = {
  // The save of this server message whose local copy still exists.
  find(accountId: string, folderPath: string, uidValidity: number | null, uid: number): Promise<LocalSave | null>;
  byLocalMessage(localMessageId: string): Promise<LocalSave | null>;
  // Written but not verified, or verified moves whose server copy is still there.
  pending(accountId?: string): Promise<readonly LocalSave[]>;
  // The local file's SHA-256 matched: a move may now remove the server copy.
  markVerified(ids: readonly number[]): Promise<void>;
  // A copy saved earlier is now moved: its server copy may go once verified.
  upgradeToMove(id: number): Promise<LocalSave>;
  // The server removed its copy: the save ends, and the cached server row goes with it.
  // Returns the id of the server folder whose list changed, if it is cached.
  finishMoves(saves: readonly LocalSave[]): Promise<readonly string[]>;
  // The local copy did not match: it goes (the server copy was never touched).
  discard(save: LocalSave): Promise<readonly string[]>;
  recordFailure(ids: readonly number[], message: string): Promise<void>;
};

export function createLocalSaveRepository(database: DatabaseSync): LocalSaveRepository {
  // Prepared on first use, like every statement on migration 13's table.
  const statement = createStatementCache(database);

  function toSave(row: Row | undefined): LocalSave | null {
    if (!row) return null;
    const mode = readText(row, 'mode');
    const state = readText(row, 'state');
    return {
      id: readInteger(row, 'id'),
      localMessageId: String(readInteger(row, 'local_message_id')),
      accountId: String(readInteger(row, 'account_id')),
      folderPath: readText(row, 'folder_path'),
      uidValidity: readOptionalInteger(row, 'uid_validity'),
      uid: readInteger(row, 'uid'),
      sha256: readText(row, 'sha256'),
      size: readInteger(row, 'size'),
      mode: mode === 'move' ? 'move' : 'copy',
      state: state === 'written' ? 'written' : state === 'verified' ? 'verified' : 'done',
    };
  }

  function refreshCounts(folderId: number): void {
    statement(`UPDATE folders SET total_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id),
      unread_count = (SELECT COUNT(*) FROM messages WHERE folder_id = folders.id AND seen = 0) WHERE id = ?`).run(folderId);
  }

  return {
    find: (accountId, folderPath, uidValidity, uid) =>
      asPromise(() =>
        toSave(
          statement(`SELECT * FROM local_saves WHERE account_id = ? AND folder_path = ? AND uid = ?
            AND uid_validity IS ? ORDER BY id LIMIT 1`).get(toRowId(accountId), folderPath, uid, uidValidity),
        ),
      ),
    byLocalMessage: (localMessageId) =>
      asPromise(() => toSave(statement('SELECT * FROM local_saves WHERE local_message_id = ?').get(toRowId(localMessageId)))),
    pending: (accountId) =>
      asPromise(() =>
        statement(`SELECT * FROM local_saves WHERE (state = 'written' OR (state = 'verified' AND mode = 'move'))
          AND (? IS NULL OR account_id = ?) ORDER BY id`)
          .all(accountId === undefined ? null : toRowId(accountId), accountId === undefined ? null : toRowId(accountId))
          .map((row) => toSave(row))
          .filter((save): save is LocalSave => save !== null),
      ),
    markVerified: async (ids) => {
      if (ids.length === 0) return;
      await asPromise(() =>
        runInTransaction(database, () => {
          const update = statement(`UPDATE local_saves SET state = CASE mode WHEN 'move' THEN 'verified' ELSE 'done' END
            WHERE id = ? AND state = 'written'`);
          for (const id of ids) update.run(id);
          return ids.length;
        }),
      );
      crashPoint('store-commit');
    },
    upgradeToMove: (id) =>
      asPromise(() => {
        statement(`UPDATE local_saves SET mode = 'move', state = CASE state WHEN 'done' THEN 'verified' ELSE state END WHERE id = ?`).run(id);
        const save = toSave(statement('SELECT * FROM local_saves WHERE id = ?').get(id));
        if (save === null) throw new Error('The save of this message vanished from the store');
        return save;
      }),
    finishMoves: (saves) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const changed = new Set<number>();
          for (const save of saves) {
            statement('DELETE FROM local_saves WHERE id = ?').run(save.id);
            const folder = statement(`SELECT id FROM folders WHERE account_id = ? AND path = ? AND (? IS NULL OR uid_validity = ?)`).get(
              toRowId(save.accountId),
              save.folderPath,
              save.uidValidity,
              save.uidValidity,
            );
            if (!folder) continue;
            const folderId = readInteger(folder, 'id');
            if (Number(statement('DELETE FROM messages WHERE folder_id = ? AND uid = ?').run(folderId, save.uid).changes) > 0) changed.add(folderId);
          }
          for (const folderId of changed) refreshCounts(folderId);
          return [...changed].map(String);
        }),
      ),
    discard: (save) =>
      asPromise(() =>
        runInTransaction(database, () => {
          const row = statement('SELECT folder_id FROM messages WHERE id = ?').get(toRowId(save.localMessageId));
          statement('DELETE FROM local_saves WHERE id = ?').run(save.id);
          if (!row) return [];
          const folderId = readInteger(row, 'folder_id');
          statement('DELETE FROM local_files WHERE message_ref = ?').run(toRowId(save.localMessageId));
          statement('DELETE FROM messages WHERE id = ?').run(toRowId(save.localMessageId));
          refreshCounts(folderId);
          return [String(folderId)];
        }),
      ),
    recordFailure: async (ids, message) => {
      await asPromise(() => {
        const update = statement('UPDATE local_saves SET attempts = attempts + 1, last_error = ? WHERE id = ?');
        for (const id of ids) update.run(message, id);
      });
    },
  };
}
