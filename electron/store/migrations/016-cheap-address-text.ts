import type { Migration } from '../migration.ts';
import { fileNamesText } from './005-search-index.ts';

// The text search indexes for a message's addresses, from its address JSON, without
// parsing it: migration 5's json_each/json_extract per address was the dearest part of
// storing a header (about a third of it). The word tokenizer splits at the JSON's
// quotes, braces and commas anyway; dropping the two key names is all it takes for the
// index to hold exactly the tokens the parsed text gave, in the same order, so word,
// phrase and column queries find the same messages, and rows indexed before need no
// rewrite. Text that is not JSON at all is indexed as it is, never a failed sync.
export function addressText(column: string): string {
  return `coalesce(replace(replace(${column}, '"name":', ' '), '"address":', ' '), '')`;
}

export const cheapAddressTextMigration: Migration = {
  version: 16,
  name: 'address text for search without parsing JSON',
  up(database) {
    database.exec(`
      DROP TRIGGER messages_search_insert;
      DROP TRIGGER messages_search_update;

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
    `);
  },
};
