import type { DatabaseSync } from 'node:sqlite';
import { readInteger } from '../store/row-values.ts';

// Adds the search_text rows still waiting (migration 18) to the word index. Runs inside
// the caller's transaction, so a row is in the index and marked so together, or neither.
export type WordIndexer = {
  // Indexes up to `limit` waiting rows, oldest first; returns how many it indexed.
  indexPending(limit?: number): number;
  pendingCount(): number;
};

export function createWordIndexer(database: DatabaseSync): WordIndexer {
  const pending = 'SELECT message_id FROM search_text WHERE words_indexed = 0 ORDER BY message_id LIMIT ?';
  // The index's rowid is search_text's doc_key from migration 21 on, the message id before.
  const keyed = database
    .prepare('SELECT name FROM pragma_table_info(?) WHERE name = ?')
    .get('search_text', 'doc_key');
  const insert = database.prepare(`
    INSERT INTO search_words (rowid, subject, from_text, to_text, cc_text, body, filenames)
    SELECT ${keyed === undefined ? 'message_id' : 'doc_key'}, subject, from_text, to_text, cc_text, body, filenames FROM search_text
    WHERE message_id IN (${pending})`);
  const mark = database.prepare(`UPDATE search_text SET words_indexed = 1 WHERE message_id IN (${pending})`);
  const count = database.prepare('SELECT COUNT(*) AS n FROM search_text WHERE words_indexed = 0');
  return {
    indexPending(limit = -1) {
      const indexed = Number(insert.run(limit).changes);
      if (indexed > 0) mark.run(limit);
      return indexed;
    },
    pendingCount() {
      const row = count.get();
      return row ? readInteger(row, 'n') : 0;
    },
  };
}
