import type { Migration } from '../migration.ts';
import { paddedValues } from './017-search-short-terms-and-filters.ts';
import { hasSpaceless } from './020-cheap-trigger-checks.ts';

const columns = 'subject, from_text, to_text, cc_text, body, filenames';

// search_text rows up to this message id are in the trigram index (those with a spaceless
// character); the rows above it wait for electron/search/trigram-index.ts.
export const trigramsThrough = '(SELECT message_id FROM search_trigrams_through)';

// The trigram index is written by its catch-up, beside the word index's (migration 18), no
// longer by a trigger on each row: the trigger's spaceless test and insert cost a stored
// header 30 to 37 µs of CPU, one INSERT … SELECT over a batch's rows 16 to 20
// (docs/decisions.md, "Header sync: where the CPU of a stored header goes"). What is indexed
// is a range of message ids, not a flag on each row, so catching up rewrites no rows: ids
// only grow (migration 1's AUTOINCREMENT), so every new row is above the mark. The delete
// and update triggers touch the index only for rows at or below it: FTS5 must never be told
// to remove what it was not given. The index holds exactly the rows it held.
export const deferredTrigramIndexMigration: Migration = {
  version: 23,
  name: 'trigram index written by its catch-up, not per row',
  up(database) {
    database.exec(`
      CREATE TABLE search_trigrams_through (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        message_id INTEGER NOT NULL
      ) STRICT;
      INSERT INTO search_trigrams_through (only_row, message_id) SELECT 1, coalesce(max(message_id), 0) FROM search_text;

      DROP TRIGGER search_trigrams_insert;
      DROP TRIGGER search_trigrams_delete;
      DROP TRIGGER search_trigrams_update;
      CREATE TRIGGER search_trigrams_delete AFTER DELETE ON search_text
      WHEN old.message_id <= ${trigramsThrough} AND ${hasSpaceless('old')} BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns}) VALUES ('delete', old.doc_key, ${paddedValues('old')});
      END;
      CREATE TRIGGER search_trigrams_update AFTER UPDATE OF ${columns}, doc_key ON search_text
      WHEN old.message_id <= ${trigramsThrough} BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns})
          SELECT 'delete', old.doc_key, ${paddedValues('old')} WHERE ${hasSpaceless('old')};
        INSERT INTO search_trigrams (rowid, ${columns})
          SELECT new.doc_key, ${paddedValues('new')} WHERE ${hasSpaceless('new')};
      END;
    `);
  },
};
