import type { Migration } from '../migration.ts';
import { addressText } from './016-cheap-address-text.ts';
import { paddedValues } from './017-search-short-terms-and-filters.ts';
import { fileNamesText, hasSpaceless } from './020-cheap-trigger-checks.ts';

const columns = 'subject, from_text, to_text, cc_text, body, filenames';
const oldValues = 'old.subject, old.from_text, old.to_text, old.cc_text, old.body, old.filenames';
const newValues = 'new.subject, new.from_text, new.to_text, new.cc_text, new.body, new.filenames';

// Message ids sit in the key's low 32 bits; AUTOINCREMENT ids stay far below 2^32.
export const messageIdBits = 4_294_967_296;
export const messageIdMask = messageIdBits - 1;

// A message's key in both full-text indexes: the day of its date (UTC) above its message
// id. The key orders like the date except within one day, so the newest hits of a word are
// the index's last rowids and a date-sorted page reads only them (docs/decisions.md,
// "Search: index rowids in date order"). Days, not minutes: FTS5 stores each rowid as the
// varint of its distance from the one before, and a word's hits on one day are a few ids
// apart, while a minute's step of 2^32 made every distance 5 or 6 bytes (the word index
// grew by 80%). Integer division truncates toward zero, which never reverses two dates;
// the clamp to 32 signed bits only touches dates millions of years away. The message id
// is `key & messageIdMask`, the day `key >> 32`.
export function searchKey(date: string, id: string): string {
  return `(min(max(${date} / 86400000, -2147483648), 2147483647) * ${messageIdBits} + ${id})`;
}

// Rebuilds both FTS5 tables keyed by searchKey instead of the message id. search_text
// keeps it in doc_key (the tables' content_rowid), set by the insert trigger and changed,
// with both indexes' entries, when a message's date changes. The rows indexed are exactly
// those indexed before (the word index: rows marked words_indexed; the trigram index: rows
// holding a spaceless character, padded as migration 17 gives them), so every query
// matches the same messages; only the order of the index's rows changes. The index of
// messages with keywords also holds their keywords, so keyword: reads no table rows.
export const dateOrderedSearchRowidsMigration: Migration = {
  version: 21,
  name: 'full-text index rowids in date order',
  up(database) {
    database.exec(`
      ALTER TABLE search_text ADD COLUMN doc_key INTEGER NOT NULL DEFAULT 0;
      UPDATE search_text SET doc_key = coalesce(
        (SELECT ${searchKey('m.date', 'm.id')} FROM messages m WHERE m.id = search_text.message_id), message_id);

      DROP TRIGGER messages_search_insert;
      DROP TRIGGER search_words_delete;
      DROP TRIGGER search_words_update;
      DROP TRIGGER search_trigrams_insert;
      DROP TRIGGER search_trigrams_delete;
      DROP TRIGGER search_trigrams_update;
      DROP TABLE search_trigram_terms;
      DROP TABLE search_words;
      DROP TABLE search_trigrams;

      CREATE VIRTUAL TABLE search_words USING fts5(
        subject, from_text, to_text, cc_text, body, filenames,
        content = 'search_text', content_rowid = 'doc_key',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE VIRTUAL TABLE search_trigrams USING fts5(
        subject, from_text, to_text, cc_text, body, filenames,
        content = 'search_text', content_rowid = 'doc_key',
        tokenize = 'trigram remove_diacritics 1'
      );
      CREATE VIRTUAL TABLE search_trigram_terms USING fts5vocab(search_trigrams, 'row');

      INSERT INTO search_words (rowid, ${columns})
        SELECT doc_key, ${columns} FROM search_text WHERE words_indexed = 1;
      INSERT INTO search_trigrams (rowid, ${columns})
        SELECT doc_key, ${paddedValues('new')} FROM search_text AS new WHERE ${hasSpaceless('new')};

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        INSERT INTO search_text (message_id, doc_key, subject, from_text, to_text, cc_text, filenames)
        VALUES (new.id, ${searchKey('new.date', 'new.id')}, new.subject, ${addressText('new.from_json')}, ${addressText('new.to_json')},
          ${addressText('new.cc_json')}, ${fileNamesText('new.body_structure')});
      END;
      -- A changed date moves the message's entries to its new key (the triggers below).
      CREATE TRIGGER messages_search_rekey AFTER UPDATE OF date ON messages
      WHEN ${searchKey('old.date', 'old.id')} <> ${searchKey('new.date', 'new.id')}
      BEGIN
        UPDATE search_text SET doc_key = ${searchKey('new.date', 'new.id')} WHERE message_id = new.id;
      END;

      -- As in migration 18: FTS5 is told to remove only what it holds.
      CREATE TRIGGER search_words_delete AFTER DELETE ON search_text WHEN old.words_indexed = 1 BEGIN
        INSERT INTO search_words (search_words, rowid, ${columns}) VALUES ('delete', old.doc_key, ${oldValues});
      END;
      CREATE TRIGGER search_words_update AFTER UPDATE OF ${columns}, doc_key ON search_text WHEN old.words_indexed = 1 BEGIN
        INSERT INTO search_words (search_words, rowid, ${columns}) VALUES ('delete', old.doc_key, ${oldValues});
        INSERT INTO search_words (rowid, ${columns}) VALUES (new.doc_key, ${newValues});
      END;

      CREATE TRIGGER search_trigrams_insert AFTER INSERT ON search_text WHEN ${hasSpaceless('new')} BEGIN
        INSERT INTO search_trigrams (rowid, ${columns}) VALUES (new.doc_key, ${paddedValues('new')});
      END;
      CREATE TRIGGER search_trigrams_delete AFTER DELETE ON search_text WHEN ${hasSpaceless('old')} BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns}) VALUES ('delete', old.doc_key, ${paddedValues('old')});
      END;
      CREATE TRIGGER search_trigrams_update AFTER UPDATE OF ${columns}, doc_key ON search_text BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns})
          SELECT 'delete', old.doc_key, ${paddedValues('old')} WHERE ${hasSpaceless('old')};
        INSERT INTO search_trigrams (rowid, ${columns})
          SELECT new.doc_key, ${paddedValues('new')} WHERE ${hasSpaceless('new')};
      END;

      -- keyword: read each candidate's keywords from the messages table, a row lookup per
      -- message with keywords (5 ms of 6 for a keyword at 50,000 messages); the index now
      -- holds them itself. Same rows, same order: only the lookups go.
      DROP INDEX messages_with_keywords_by_date;
      CREATE INDEX messages_with_keywords_by_date ON messages (date DESC, id DESC, keywords_json) WHERE keywords_json <> '[]';
    `);
  },
};
