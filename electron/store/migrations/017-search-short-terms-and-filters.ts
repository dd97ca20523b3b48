import type { Migration } from '../migration.ts';
import { spacelessRanges } from './011-trigram-spaceless-only.ts';

const columns = ['subject', 'from_text', 'to_text', 'cc_text', 'body', 'filenames'] as const;

// Two spaces after each column's text: every occurrence of a one- or two-character term,
// even at the very end of a column, then begins at least one trigram of the index.
export function paddedValues(row: 'old' | 'new'): string {
  return columns.map((column) => `${row}.${column} || '  '`).join(', ');
}

// Migration 11's test of which rows the trigram index holds.
const spacelessGlob = `*[${spacelessRanges.map(([from, to]) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`).join('')}]*`;

function hasSpaceless(row: 'old' | 'new'): string {
  const text = columns.map((column) => `${row}.${column}`).join(` || ' ' || `);
  return `(${text}) GLOB '${spacelessGlob}'`;
}

// Search at 50,000 messages and more (docs/decisions.md, "Search at scale"):
// - Terms of one or two characters in the spaceless scripts (東京, 会議: most Chinese words
//   have two) were a LIKE over every row's text, 200 ms at 50,000 messages. They are now
//   looked up in the trigram index through its vocabulary: the trigrams that begin with the
//   term (search_trigram_terms is an fts5vocab table over it, which reads a term range
//   straight from the index). For that to find a term at the end of a column, the index is
//   given each column with two spaces after it; the rows are re-indexed once, here.
// - Filters on flags (is:unread, is:flagged, has:attachment, keyword:) counted and walked
//   the whole messages table; each now has a partial index, newest first, holding only the
//   rows it selects, so counting them reads that index and a page stops at its end.
export const searchShortTermsAndFiltersMigration: Migration = {
  version: 17,
  name: 'short spaceless terms through the trigram vocabulary; indexes for flag filters',
  up(database) {
    const list = columns.join(', ');
    const newSpaceless = hasSpaceless('new');
    const oldSpaceless = hasSpaceless('old');
    database.exec(`
        DROP TRIGGER search_trigrams_insert;
        DROP TRIGGER search_trigrams_delete;
        DROP TRIGGER search_trigrams_update;

        INSERT INTO search_trigrams (search_trigrams) VALUES ('delete-all');
        INSERT INTO search_trigrams (rowid, ${list})
          SELECT message_id, ${paddedValues('new')} FROM search_text AS new WHERE ${newSpaceless};

        CREATE TRIGGER search_trigrams_insert AFTER INSERT ON search_text WHEN ${newSpaceless} BEGIN
          INSERT INTO search_trigrams (rowid, ${list}) VALUES (new.message_id, ${paddedValues('new')});
        END;
        CREATE TRIGGER search_trigrams_delete AFTER DELETE ON search_text WHEN ${oldSpaceless} BEGIN
          INSERT INTO search_trigrams (search_trigrams, rowid, ${list}) VALUES ('delete', old.message_id, ${paddedValues('old')});
        END;
        CREATE TRIGGER search_trigrams_update AFTER UPDATE OF ${list} ON search_text BEGIN
          INSERT INTO search_trigrams (search_trigrams, rowid, ${list})
            SELECT 'delete', old.message_id, ${paddedValues('old')} WHERE ${oldSpaceless};
          INSERT INTO search_trigrams (rowid, ${list})
            SELECT new.message_id, ${paddedValues('new')} WHERE ${newSpaceless};
        END;

        CREATE VIRTUAL TABLE search_trigram_terms USING fts5vocab(search_trigrams, 'row');

        CREATE INDEX messages_unread_by_date ON messages (date DESC, id DESC) WHERE seen = 0;
        CREATE INDEX messages_flagged_by_date ON messages (date DESC, id DESC) WHERE flagged = 1;
        CREATE INDEX messages_with_attachments_by_date ON messages (date DESC, id DESC) WHERE has_attachments = 1;
        CREATE INDEX messages_with_keywords_by_date ON messages (date DESC, id DESC) WHERE keywords_json <> '[]';
      `);
  },
};
