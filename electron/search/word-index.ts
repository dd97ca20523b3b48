import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { readInteger } from '../store/row-values.ts';
import { createTrigramIndexer } from './trigram-index.ts';

// Messages whose bodies a running download will store: the account's rows with headers
// only, dated at or after `since` (all when null), as the download lists them
// (offline-policy-repository.ts). Account ids are the store's row ids.
export type BodiesExpected = { readonly accountId: number; readonly since: number | null };

// Adds the search_text rows still waiting (migration 18) to the word index. Runs inside
// the caller's transaction, so a row is in the index and marked so together, or neither.
export type WordIndexer = {
  // Indexes up to `limit` waiting rows, oldest first; returns how many it indexed (of the
  // word index's, or of the trigram index's, which catches up here too: migration 23). Rows
  // whose bodies are expected are left waiting: each is indexed once, with its body
  // (indexMessages), instead of by its headers now and again with its body
  // (docs/decisions.md, "Full offline sync: where the time goes").
  // Rows up to `heldThrough` are not looked at again while bodies are expected: a whole
  // pass found them held (message ids only grow, migration 1's AUTOINCREMENT), so a first
  // sync's catch-ups do not read every held row again each time.
  indexPending(limit?: number, expected?: readonly BodiesExpected[], heldThrough?: number): number;
  // The highest message id with a search_text row (0 for none).
  lastMessageId(): number;
  // Takes these messages out of the index (they wait again), to be put back by
  // indexMessages once their text has changed (message-source-repository.ts storeAll).
  unindexMessages(messageIds: readonly number[]): void;
  // Indexes those of these messages that wait (their bodies were just stored).
  indexMessages(messageIds: readonly number[]): void;
  // Rows waiting for either index.
  pendingCount(): number;
};

export function createWordIndexer(database: DatabaseSync): WordIndexer {
  const pending = 'SELECT message_id FROM search_text WHERE words_indexed = 0 ORDER BY message_id LIMIT ?';
  // The same, less the rows whose bodies are coming (json_each of [accountId, since] pairs).
  const pendingWithoutExpected = `SELECT s.message_id FROM search_text s WHERE s.words_indexed = 0 AND NOT EXISTS (
      SELECT 1 FROM messages m JOIN folders f ON f.id = m.folder_id JOIN json_each(?) h ON h.value ->> 0 = f.account_id
      WHERE m.id = s.message_id AND m.body_state = 'headers' AND m.uid > 0 AND m.date >= h.value ->> 1)
      AND s.message_id > ?
    ORDER BY s.message_id LIMIT ?`;
  // The index's rowid is search_text's doc_key from migration 21 on, the message id before.
  const keyed = database
    .prepare('SELECT name FROM pragma_table_info(?) WHERE name = ?')
    .get('search_text', 'doc_key');
  const rowid = keyed === undefined ? 'message_id' : 'doc_key';
  // In key order: see listedStatements.
  const insertFrom = (rows: string) =>
    database.prepare(`
    INSERT INTO search_words (rowid, subject, from_text, to_text, cc_text, body, filenames)
    SELECT ${rowid}, subject, from_text, to_text, cc_text, body, filenames FROM search_text
    WHERE message_id IN (${rows}) ORDER BY ${rowid}`);
  const markFrom = (rows: string) => database.prepare(`UPDATE search_text SET words_indexed = 1 WHERE message_id IN (${rows})`);
  const insert = insertFrom(pending);
  const mark = markFrom(pending);
  let expectedStatements: { readonly insert: StatementSync; readonly mark: StatementSync } | null = null;
  let listed: { readonly remove: StatementSync; readonly unmark: StatementSync; readonly insert: StatementSync; readonly mark: StatementSync } | null = null;
  // FTS5 writes its pending terms out whenever a rowid comes that is not above the last
  // one written (a row's 'delete' then its insert, or rows in date-descending order, as a
  // download stores them): a batch's rows one by one did so for every row. A whole batch's
  // deletes, then its inserts, each in key order, write them out about twice a batch: the
  // writer's CPU per body fell by about half (docs/decisions.md).
  const listedStatements = () => {
    const rows = 'message_id IN (SELECT value FROM json_each(?))';
    listed ??= {
      remove: database.prepare(`
        INSERT INTO search_words (search_words, rowid, subject, from_text, to_text, cc_text, body, filenames)
        SELECT 'delete', ${rowid}, subject, from_text, to_text, cc_text, body, filenames FROM search_text
        WHERE ${rows} AND words_indexed = 1 ORDER BY ${rowid}`),
      unmark: database.prepare(`UPDATE search_text SET words_indexed = 0 WHERE ${rows} AND words_indexed = 1`),
      insert: database.prepare(`
        INSERT INTO search_words (rowid, subject, from_text, to_text, cc_text, body, filenames)
        SELECT ${rowid}, subject, from_text, to_text, cc_text, body, filenames FROM search_text
        WHERE ${rows} AND words_indexed = 0 ORDER BY ${rowid}`),
      mark: database.prepare(`UPDATE search_text SET words_indexed = 1 WHERE ${rows} AND words_indexed = 0`),
    };
    return listed;
  };
  const count = database.prepare('SELECT COUNT(*) AS n FROM search_text WHERE words_indexed = 0');
  let lastId: StatementSync | null = null;
  // Rows whose bodies are expected are indexed by their headers now: a body stored later
  // reaches this index through its update trigger, as before migration 23.
  const trigrams = createTrigramIndexer(database);
  const indexWords = (limit: number, expected: readonly BodiesExpected[], heldThrough: number): number => {
    if (expected.length === 0) {
      const indexed = Number(insert.run(limit).changes);
      if (indexed > 0) mark.run(limit);
      return indexed;
    }
    expectedStatements ??= { insert: insertFrom(pendingWithoutExpected), mark: markFrom(pendingWithoutExpected) };
    const held = JSON.stringify(expected.map((entry) => [entry.accountId, entry.since ?? Number.MIN_SAFE_INTEGER]));
    const indexed = Number(expectedStatements.insert.run(held, heldThrough, limit).changes);
    if (indexed > 0) expectedStatements.mark.run(held, heldThrough, limit);
    return indexed;
  };
  return {
    indexPending(limit = -1, expected = [], heldThrough = 0) {
      const spaceless = trigrams?.indexPending(limit) ?? 0;
      return Math.max(spaceless, indexWords(limit, expected, heldThrough));
    },
    lastMessageId() {
      lastId ??= database.prepare('SELECT coalesce(max(message_id), 0) AS id FROM search_text');
      const row = lastId.get();
      return row ? readInteger(row, 'id') : 0;
    },
    unindexMessages(messageIds) {
      if (messageIds.length === 0) return;
      const ids = JSON.stringify(messageIds);
      const { remove, unmark } = listedStatements();
      if (Number(remove.run(ids).changes) > 0) unmark.run(ids);
    },
    indexMessages(messageIds) {
      if (messageIds.length === 0) return;
      const ids = JSON.stringify(messageIds);
      const { insert: add, mark: marked } = listedStatements();
      if (Number(add.run(ids).changes) > 0) marked.run(ids);
    },
    pendingCount() {
      const row = count.get();
      return Math.max(row ? readInteger(row, 'n') : 0, trigrams?.pendingCount() ?? 0);
    },
  };
}
