import type { Migration } from '../migration.ts';
import { addressText } from './016-cheap-address-text.ts';
import { paddedValues } from './017-search-short-terms-and-filters.ts';
import { spacelessRanges } from './011-trigram-spaceless-only.ts';

const columns = ['subject', 'from_text', 'to_text', 'cc_text', 'body', 'filenames'] as const;
const list = columns.join(', ');
const spacelessGlob = `*[${spacelessRanges.map(([from, to]) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`).join('')}]*`;

// Every spaceless range lies above U+0E00, so a row of ASCII alone (byte length equal to
// character length) holds none of its characters, and the GLOB, about a fifth of storing
// a header, is skipped for it. Same answer as migration 17's test, so the rows the index
// holds stay exactly the same.
export function hasSpaceless(row: 'old' | 'new'): string {
  const text = `(${columns.map((column) => `${row}.${column}`).join(` || ' ' || `)})`;
  return `(length(CAST(${text} AS BLOB)) <> length(${text}) AND ${text} GLOB '${spacelessGlob}')`;
}

// Migration 5's file names, without walking the body structure's JSON when neither key
// occurs in it (most messages: no named part). The JSON is written by JSON.stringify,
// which never escapes a key's letters, so a key absent from the text is absent.
export function fileNamesText(column: string): string {
  return `CASE WHEN instr(${column}, '"filename"') = 0 AND instr(${column}, '"name"') = 0 THEN ''
    WHEN json_valid(${column}) THEN coalesce((
      SELECT group_concat(value, ' ') FROM json_tree(${column})
      WHERE type = 'text' AND ((key = 'filename' AND path LIKE '%.dispositionParameters') OR (key = 'name' AND path LIKE '%.parameters'))
    ), '') ELSE '' END`;
}

// Header sync stores every message once through these triggers; their two dearest checks
// get a cheap test in front. No row changes: the index holds what it held.
export const cheapTriggerChecksMigration: Migration = {
  version: 20,
  name: 'cheap checks before the trigram GLOB and the file-name JSON walk',
  up(database) {
    database.exec(`
      DROP TRIGGER messages_search_insert;
      DROP TRIGGER messages_search_update;
      DROP TRIGGER search_trigrams_insert;
      DROP TRIGGER search_trigrams_delete;
      DROP TRIGGER search_trigrams_update;

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        INSERT INTO search_text (message_id, subject, from_text, to_text, cc_text, filenames)
        VALUES (new.id, new.subject, ${addressText('new.from_json')}, ${addressText('new.to_json')},
          ${addressText('new.cc_json')}, ${fileNamesText('new.body_structure')});
      END;
      -- As in migration 5: a flag change rewrites the row, and must not re-index its text.
      CREATE TRIGGER messages_search_update AFTER UPDATE OF subject, from_json, to_json, cc_json, body_structure
      ON messages
      WHEN old.subject IS NOT new.subject OR old.from_json IS NOT new.from_json OR old.to_json IS NOT new.to_json
        OR old.cc_json IS NOT new.cc_json OR old.body_structure IS NOT new.body_structure
      BEGIN
        UPDATE search_text SET subject = new.subject, from_text = ${addressText('new.from_json')},
          to_text = ${addressText('new.to_json')}, cc_text = ${addressText('new.cc_json')},
          filenames = CASE WHEN body_indexed = 1 THEN filenames ELSE ${fileNamesText('new.body_structure')} END
        WHERE message_id = new.id;
      END;

      CREATE TRIGGER search_trigrams_insert AFTER INSERT ON search_text WHEN ${hasSpaceless('new')} BEGIN
        INSERT INTO search_trigrams (rowid, ${list}) VALUES (new.message_id, ${paddedValues('new')});
      END;
      CREATE TRIGGER search_trigrams_delete AFTER DELETE ON search_text WHEN ${hasSpaceless('old')} BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${list}) VALUES ('delete', old.message_id, ${paddedValues('old')});
      END;
      CREATE TRIGGER search_trigrams_update AFTER UPDATE OF ${list} ON search_text BEGIN
        INSERT INTO search_trigrams (search_trigrams, rowid, ${list})
          SELECT 'delete', old.message_id, ${paddedValues('old')} WHERE ${hasSpaceless('old')};
        INSERT INTO search_trigrams (rowid, ${list})
          SELECT new.message_id, ${paddedValues('new')} WHERE ${hasSpaceless('new')};
      END;
    `);
  },
};
