import type { Migration } from '../migration.ts';

// Code point ranges that cover every character of the scripts written without spaces
// (Han, Hiragana, Katakana, Hangul, Thai), with room for later Unicode versions. A test
// checks that they cover everything electron/search/compile-local-query.ts sends to the
// trigram index.
export const spacelessRanges: readonly (readonly [number, number])[] = [
  [0x0e01, 0x0e5b],
  [0x1100, 0x11ff],
  [0x2e80, 0x9fff],
  [0xa960, 0xa97f],
  [0xac00, 0xd7ff],
  [0xf900, 0xfaff],
  [0xff66, 0xffdc],
  [0x16fe0, 0x16fff],
  [0x1aff0, 0x1b16f],
  [0x1f200, 0x1f200],
  [0x20000, 0x3ffff],
];

const spacelessGlob = `*[${spacelessRanges.map(([from, to]) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`).join('')}]*`;

function hasSpaceless(row: 'old' | 'new'): string {
  const text = ['subject', 'from_text', 'to_text', 'cc_text', 'body', 'filenames'].map((column) => `${row}.${column}`).join(` || ' ' || `);
  return `(${text}) GLOB '${spacelessGlob}'`;
}

const columns = 'subject, from_text, to_text, cc_text, body, filenames';
const oldValues = 'old.subject, old.from_text, old.to_text, old.cc_text, old.body, old.filenames';
const newValues = 'new.subject, new.from_text, new.to_text, new.cc_text, new.body, new.filenames';

// The trigram index exists only for terms in scripts unicode61 cannot split into words
// (compile-local-query.ts looks only those up in it), yet migration 5 fed it every row:
// on header sync that was the largest single cost, more than the word index. A row now
// enters it only when it holds such a character, which every row such a term can match
// does, so search finds exactly what it found before. The delete side tests the old row
// the same way, so FTS5 is only ever told to remove what it was given.
export const trigramSpacelessOnlyMigration: Migration = {
  version: 11,
  name: 'trigram index only for spaceless scripts',
  up(database) {
    database.exec(`
      DROP TRIGGER search_trigrams_insert;
      DROP TRIGGER search_trigrams_delete;
      DROP TRIGGER search_trigrams_update;

      INSERT INTO search_trigrams (search_trigrams) VALUES ('delete-all');
      INSERT INTO search_trigrams (rowid, ${columns})
        SELECT message_id, ${columns} FROM search_text AS new WHERE ${hasSpaceless('new')};

      CREATE TRIGGER search_trigrams_insert AFTER INSERT ON search_text WHEN ${hasSpaceless('new')} BEGIN
        INSERT INTO search_trigrams (rowid, ${columns}) VALUES (new.message_id, ${newValues});
      END;
      CREATE TRIGGER search_trigrams_delete AFTER DELETE ON search_text WHEN ${hasSpaceless('old')} BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns}) VALUES ('delete', old.message_id, ${oldValues});
      END;
      CREATE TRIGGER search_trigrams_update AFTER UPDATE OF ${columns} ON search_text BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${columns})
          SELECT 'delete', old.message_id, ${oldValues} WHERE ${hasSpaceless('old')};
        INSERT INTO search_trigrams (rowid, ${columns})
          SELECT new.message_id, ${newValues} WHERE ${hasSpaceless('new')};
      END;
    `);
  },
};
