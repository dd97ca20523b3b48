import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { paddedValues } from '../store/migrations/017-search-short-terms-and-filters.ts';
import { hasSpaceless } from '../store/migrations/020-cheap-trigger-checks.ts';
import { trigramsThrough } from '../store/migrations/023-deferred-trigram-index.ts';
import { readInteger } from '../store/row-values.ts';

// Adds the search_text rows above the trigram index's mark (migration 23) to it, those with
// a spaceless character as the trigger did, and moves the mark. Runs inside the caller's
// transaction (word-index.ts indexPending), so rows and mark move together.
export type TrigramIndexer = {
  // Indexes up to `limit` waiting rows, oldest first; returns how many it looked at.
  indexPending(limit: number): number;
  pendingCount(): number;
};

// null before migration 23: the trigger writes the index.
export function createTrigramIndexer(database: DatabaseSync): TrigramIndexer | null {
  const deferred = database
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_trigrams_through'")
    .get();
  if (deferred === undefined) return null;
  const upTo = database.prepare(`
    SELECT count(*) AS n, coalesce(max(message_id), 0) AS last FROM (
      SELECT message_id FROM search_text WHERE message_id > ${trigramsThrough} ORDER BY message_id LIMIT ?)`);
  let write: { readonly insert: StatementSync; readonly mark: StatementSync } | null = null;
  const count = database.prepare(`SELECT count(*) AS n FROM search_text WHERE message_id > ${trigramsThrough}`);
  return {
    indexPending(limit) {
      const range = upTo.get(limit);
      const rows = range ? readInteger(range, 'n') : 0;
      if (rows === 0) return 0;
      // In key order, as word-index.ts writes: FTS5 writes its pending terms out whenever a
      // rowid is not above the last.
      write ??= {
        insert: database.prepare(`
          INSERT INTO search_trigrams (rowid, subject, from_text, to_text, cc_text, body, filenames)
          SELECT new.doc_key, ${paddedValues('new')} FROM search_text AS new
          WHERE new.message_id > ${trigramsThrough} AND new.message_id <= ? AND ${hasSpaceless('new')}
          ORDER BY new.doc_key`),
        mark: database.prepare('UPDATE search_trigrams_through SET message_id = ?'),
      };
      const last = range ? readInteger(range, 'last') : 0;
      write.insert.run(last);
      write.mark.run(last);
      return rows;
    },
    pendingCount() {
      const row = count.get();
      return row ? readInteger(row, 'n') : 0;
    },
  };
}
