import type { Migration } from '../migration.ts';

const columns = 'subject, from_text, to_text, cc_text, body, filenames';
const oldValues = 'old.subject, old.from_text, old.to_text, old.cc_text, old.body, old.filenames';
const newValues = 'new.subject, new.from_text, new.to_text, new.cc_text, new.body, new.filenames';

// The word index is written by electron/search/word-index.ts, no longer by a trigger on
// each row (docs/decisions.md, "The word index catches up after header batches"). A new
// search_text row waits with words_indexed 0 until the indexer adds it: every writer of
// messages runs it before committing, except the header writer's thread during a sync,
// which runs it once the batches stop coming, so a first sync lists mail sooner. The
// delete and update triggers touch the index only for rows it holds: FTS5 must never be
// told to remove what it was not given.
export const deferredWordIndexMigration: Migration = {
  version: 18,
  name: 'word index written by the indexer, not per row',
  up(database) {
    database.exec(`
      ALTER TABLE search_text ADD COLUMN words_indexed INTEGER NOT NULL DEFAULT 0;
      UPDATE search_text SET words_indexed = 1;
      CREATE INDEX search_text_words_pending ON search_text (message_id) WHERE words_indexed = 0;

      DROP TRIGGER search_words_insert;
      DROP TRIGGER search_words_delete;
      DROP TRIGGER search_words_update;
      CREATE TRIGGER search_words_delete AFTER DELETE ON search_text WHEN old.words_indexed = 1 BEGIN
        INSERT INTO search_words (search_words, rowid, ${columns}) VALUES ('delete', old.message_id, ${oldValues});
      END;
      CREATE TRIGGER search_words_update AFTER UPDATE OF ${columns} ON search_text WHEN old.words_indexed = 1 BEGIN
        INSERT INTO search_words (search_words, rowid, ${columns}) VALUES ('delete', old.message_id, ${oldValues});
        INSERT INTO search_words (rowid, ${columns}) VALUES (new.message_id, ${newValues});
      END;
    `);
  },
};
