import type { DatabaseSync } from 'node:sqlite';
import { DEFAULT_OFFLINE_POLICY, type OfflineMode, type OfflinePolicy } from '../../shared/sync/offline-policy.ts';
import { asPromise } from './as-promise.ts';
import { toRowId } from './row-id.ts';
import { readInteger, readText } from './row-values.ts';
import { createStatementCache } from './statement-cache.ts';

// A message whose body the background download still has to fetch.
export type MissingBody = { readonly id: string; readonly uid: number; readonly size: number; readonly date: number };

// Where a newest-first walk stopped: the next page starts below it.
export type BodyCursor = { readonly date: number; readonly id: string };

export type OfflinePolicyRepository = {
  // The account's policy, or the default when the user never chose one.
  get(accountId: string): Promise<OfflinePolicy>;
  set(accountId: string, policy: OfflinePolicy): Promise<void>;
  // Messages of the folder cached with headers only, dated at or after `since` (all when
  // null), newest first, below `after` when given. Placeholder UIDs (a move waiting in the
  // action queue, UID <= 0) are not downloadable and never listed.
  listWithoutBody(folderId: string, since: number | null, after: BodyCursor | null, limit: number): Promise<readonly MissingBody[]>;
  countWithoutBody(folderIds: readonly string[], since: number | null): Promise<number>;
  // A download of the account's bodies dated at or after `since` is about to run: the word
  // index may leave those rows to be indexed once, with their bodies, until the returned
  // release is called (store.ts: the header writer's catch-up). Nothing to leave here,
  // where every writer indexes its rows before committing.
  expectBodies(accountId: string, since: number | null): () => void;
};

function toMode(value: string): OfflineMode {
  return value === 'all' || value === 'headers' ? value : 'recent';
}

const missingColumns = 'id, uid, size, date';
const missingWhere = "folder_id = ? AND body_state = 'headers' AND uid > 0 AND date >= ?";

export function createOfflinePolicyRepository(database: DatabaseSync): OfflinePolicyRepository {
  const statement = createStatementCache(database);
  const selectOne = 'SELECT mode, days FROM account_offline_policy WHERE account_id = ?';
  const upsert = `
    INSERT INTO account_offline_policy (account_id, mode, days) VALUES (?, ?, ?)
    ON CONFLICT (account_id) DO UPDATE SET mode = excluded.mode, days = excluded.days`;
  const firstPage = `SELECT ${missingColumns} FROM messages WHERE ${missingWhere} ORDER BY date DESC, id DESC LIMIT ?`;
  const nextPage = `SELECT ${missingColumns} FROM messages WHERE ${missingWhere} AND (date < ? OR (date = ? AND id < ?))
    ORDER BY date DESC, id DESC LIMIT ?`;
  const countMissing = `SELECT COUNT(*) AS n FROM messages WHERE ${missingWhere}`;

  return {
    get(accountId) {
      return asPromise(() => {
        const row = statement(selectOne).get(toRowId(accountId));
        return row ? { mode: toMode(readText(row, 'mode')), days: readInteger(row, 'days') } : DEFAULT_OFFLINE_POLICY;
      });
    },
    set(accountId, policy) {
      return asPromise(() => {
        statement(upsert).run(toRowId(accountId), policy.mode, policy.days);
      });
    },
    listWithoutBody(folderId, since, after, limit) {
      return asPromise(() => {
        const floor = since ?? Number.MIN_SAFE_INTEGER;
        const rows =
          after === null
            ? statement(firstPage).all(toRowId(folderId), floor, limit)
            : statement(nextPage).all(toRowId(folderId), floor, after.date, after.date, toRowId(after.id), limit);
        return rows.map((row) => ({
          id: String(readInteger(row, 'id')),
          uid: readInteger(row, 'uid'),
          size: readInteger(row, 'size'),
          date: readInteger(row, 'date'),
        }));
      });
    },
    countWithoutBody(folderIds, since) {
      return asPromise(() => {
        let total = 0;
        for (const folderId of folderIds) {
          const row = statement(countMissing).get(toRowId(folderId), since ?? Number.MIN_SAFE_INTEGER);
          total += row ? readInteger(row, 'n') : 0;
        }
        return total;
      });
    },
    expectBodies() {
      return () => undefined;
    },
  };
}
