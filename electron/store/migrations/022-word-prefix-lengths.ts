import type { Migration } from '../migration.ts';

// Every word typed into the search box is a prefix query ("invoice" finds "invoices"). For
// a prefix of a length the index has no prefix index for, FTS5 first merges the doclists
// of every term with that prefix, all their hits (about 2 ms of CPU for a word in 30,000 of
// 50,000 messages), before it can read the newest; with one, the prefix is one doclist,
// read newest first like an exact term (0.4 to 0.5 ms). Lengths 2 to 12 cover the words
// people type; a longer prefix still works, by the merge. The cost: the word index is
// about twice the size (48.6 to 95 MB at 50,000 messages) and takes about twice the CPU to
// write (10 µs more per stored header, 85 more per message with its body).
// docs/decisions.md, "Search: prefix indexes of 2 to 12 characters (migration 22)".
export const wordPrefixLengths = '2 3 4 5 6 7 8 9 10 11 12';

const columns = 'subject, from_text, to_text, cc_text, body, filenames';

// The index is rebuilt from the rows it held (those marked words_indexed; the rest still
// wait for the indexer), in key order. Its triggers name it and go on working.
export const wordPrefixLengthsMigration: Migration = {
  version: 22,
  name: 'word index prefix indexes of 2 to 12 characters',
  up(database) {
    database.exec(`
      DROP TABLE search_words;
      CREATE VIRTUAL TABLE search_words USING fts5(
        ${columns},
        content = 'search_text', content_rowid = 'doc_key',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '${wordPrefixLengths}'
      );
      INSERT INTO search_words (rowid, ${columns})
        SELECT doc_key, ${columns} FROM search_text WHERE words_indexed = 1 ORDER BY doc_key;
    `);
  },
};
