import type { Migration } from '../migration.ts';

// The full-text index (docs/decisions.md, "Search: two FTS5 indexes over one text table").
// - search_text: one row per message with the text that is searched; the two FTS5 tables
//   index it as external content, so the text is stored once.
// - search_words: unicode61 with remove_diacritics 2, so "resume" finds "Résumé"; prefix
//   indexes for 2 and 3 letters keep type-ahead prefix queries fast.
// - search_trigrams: substrings of 3 characters, for scripts written without spaces
//   (Chinese, Japanese), which unicode61 would keep as one long token.
// Triggers on messages keep the headers' text current in the same statement (so in the
// same transaction) as every insert, change and delete; the body text is written by
// MessageSourceRepository.storeFull in the transaction that stores the source.
// - saved_searches: queries shown as virtual folders.
export const searchIndexMigration: Migration = {
  version: 5,
  name: 'search index and saved searches',
  up(database) {
    database.exec(`
      CREATE TABLE search_text (
        message_id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        from_text TEXT NOT NULL,
        to_text TEXT NOT NULL,
        cc_text TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        filenames TEXT NOT NULL DEFAULT '',
        body_indexed INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE VIRTUAL TABLE search_words USING fts5(
        subject, from_text, to_text, cc_text, body, filenames,
        content = 'search_text', content_rowid = 'message_id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );

      CREATE VIRTUAL TABLE search_trigrams USING fts5(
        subject, from_text, to_text, cc_text, body, filenames,
        content = 'search_text', content_rowid = 'message_id',
        tokenize = 'trigram remove_diacritics 1'
      );

      ${ftsSyncTriggers('search_words')}
      ${ftsSyncTriggers('search_trigrams')}

      INSERT INTO search_text (message_id, subject, from_text, to_text, cc_text, filenames)
        SELECT id, subject, ${peopleText('from_json')}, ${peopleText('to_json')}, ${peopleText('cc_json')},
          ${fileNamesText('body_structure')}
        FROM messages;

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
        INSERT INTO search_text (message_id, subject, from_text, to_text, cc_text, filenames)
        VALUES (new.id, new.subject, ${peopleText('new.from_json')}, ${peopleText('new.to_json')},
          ${peopleText('new.cc_json')}, ${fileNamesText('new.body_structure')});
      END;

      -- Sync rewrites every column of a known message when its flags change; the WHEN
      -- clause keeps that from re-indexing text that did not change.
      CREATE TRIGGER messages_search_update AFTER UPDATE OF subject, from_json, to_json, cc_json, body_structure
      ON messages
      WHEN old.subject IS NOT new.subject OR old.from_json IS NOT new.from_json OR old.to_json IS NOT new.to_json
        OR old.cc_json IS NOT new.cc_json OR old.body_structure IS NOT new.body_structure
      BEGIN
        UPDATE search_text SET subject = new.subject, from_text = ${peopleText('new.from_json')},
          to_text = ${peopleText('new.to_json')}, cc_text = ${peopleText('new.cc_json')},
          filenames = CASE WHEN body_indexed = 1 THEN filenames ELSE ${fileNamesText('new.body_structure')} END
        WHERE message_id = new.id;
      END;

      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
        DELETE FROM search_text WHERE message_id = old.id;
      END;

      -- Sources stored before this index existed, or by a writer that had no text for
      -- them, are indexed later by the search service (electron/search/index-pending-bodies.ts).
      CREATE INDEX search_text_body_pending ON search_text (message_id) WHERE body_indexed = 0;

      -- Search results across folders, newest first: a query walks this and stops at the
      -- end of the page instead of sorting every match.
      CREATE INDEX messages_by_date ON messages (date DESC, id DESC);

      CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        sort TEXT NOT NULL CHECK (sort IN ('date', 'relevance')),
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

// FTS5 external-content tables are told of every change with the old values
// (https://sqlite.org/fts5.html#external_content_tables).
function ftsSyncTriggers(table: string): string {
  const columns = 'subject, from_text, to_text, cc_text, body, filenames';
  const oldValues = 'old.subject, old.from_text, old.to_text, old.cc_text, old.body, old.filenames';
  const newValues = 'new.subject, new.from_text, new.to_text, new.cc_text, new.body, new.filenames';
  return `
    CREATE TRIGGER ${table}_insert AFTER INSERT ON search_text BEGIN
      INSERT INTO ${table} (rowid, ${columns}) VALUES (new.message_id, ${newValues});
    END;
    CREATE TRIGGER ${table}_delete AFTER DELETE ON search_text BEGIN
      INSERT INTO ${table} (${table}, rowid, ${columns}) VALUES ('delete', old.message_id, ${oldValues});
    END;
    CREATE TRIGGER ${table}_update AFTER UPDATE OF subject, from_text, to_text, cc_text, body, filenames ON search_text BEGIN
      INSERT INTO ${table} (${table}, rowid, ${columns}) VALUES ('delete', old.message_id, ${oldValues});
      INSERT INTO ${table} (rowid, ${columns}) VALUES (new.message_id, ${newValues});
    END;
  `;
}

// Names and addresses of one address (from_json) or a list (to_json, cc_json), as words.
// json_valid guards the trigger: text it cannot read is not indexed, never a failed sync.
function peopleText(column: string): string {
  return `CASE WHEN json_valid(${column}) THEN coalesce((
      SELECT group_concat(trim(coalesce(json_extract(value, '$.name'), '') || ' ' || coalesce(json_extract(value, '$.address'), '')), ' ')
      FROM json_each(CASE json_type(${column}) WHEN 'array' THEN ${column} ELSE json_array(json(${column})) END)
    ), '') ELSE '' END`;
}

// Attachment names from imapflow's BODYSTRUCTURE JSON: RFC 2183 filename parameters and
// RFC 2045 name parameters, wherever in the tree (json_tree walks nested multiparts).
export function fileNamesText(column: string): string {
  return `CASE WHEN json_valid(${column}) THEN coalesce((
      SELECT group_concat(value, ' ') FROM json_tree(${column})
      WHERE type = 'text' AND ((key = 'filename' AND path LIKE '%.dispositionParameters') OR (key = 'name' AND path LIKE '%.parameters'))
    ), '') ELSE '' END`;
}
