import { builtinKeywords } from '../../../shared/keywords/keyword-atom.ts';
import type { Migration } from '../migration.ts';

// Keywords (docs/decisions.md, "Keywords"): the user's keyword definitions, global to all
// accounts like Thunderbird's tags, keyed by the atom on the wire (RFC 3501 2.3.2: keywords
// compare case-insensitively, hence NOCASE); keywords kept on messages only here because
// a server could not store them (PERMANENTFLAGS without \*, RFC 3501 7.1); and two new
// kinds in the action queue.
export const keywordsMigration: Migration = {
  version: 6,
  name: 'keywords',
  up(database) {
    database.exec(`
      CREATE TABLE keywords (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        atom TEXT NOT NULL COLLATE NOCASE UNIQUE,
        label TEXT NOT NULL,
        colour TEXT,
        local_only INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE local_keywords (
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        atom TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (message_id, atom)
      ) STRICT, WITHOUT ROWID;

      -- Sync rewrites keywords_json with what the server holds, which never includes a
      -- keyword the server could not store; put the local ones back in the same statement.
      CREATE TRIGGER local_keywords_kept AFTER UPDATE OF keywords_json ON messages
      WHEN EXISTS (
        SELECT 1 FROM local_keywords l WHERE l.message_id = new.id
          AND NOT EXISTS (SELECT 1 FROM json_each(new.keywords_json) k WHERE lower(k.value) = lower(l.atom))
      )
      BEGIN
        UPDATE messages SET keywords_json = (
          SELECT json_group_array(value) FROM (
            SELECT k.value AS value FROM json_each(new.keywords_json) k
            UNION ALL
            SELECT l.atom FROM local_keywords l WHERE l.message_id = new.id
              AND NOT EXISTS (SELECT 1 FROM json_each(new.keywords_json) k WHERE lower(k.value) = lower(l.atom))
          )
        ) WHERE id = new.id;
      END;

      -- SQLite cannot change a CHECK constraint in place: the queue is copied into a table
      -- that also allows 'keywords' (STORE of keywords) and 'copy' (UID COPY).
      CREATE TABLE actions_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('flags', 'move', 'expunge', 'keywords', 'copy')),
        payload_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO actions_new (id, account_id, kind, payload_json, created_at, attempts, last_error, next_attempt_at)
        SELECT id, account_id, kind, payload_json, created_at, attempts, last_error, next_attempt_at FROM actions;
      DROP TABLE actions;
      ALTER TABLE actions_new RENAME TO actions;
      CREATE INDEX actions_by_account ON actions (account_id, id);
    `);
    const insert = database.prepare('INSERT INTO keywords (atom, label, colour, position, created_at) VALUES (?, ?, ?, ?, 0)');
    builtinKeywords.forEach((keyword, index) => insert.run(keyword.atom, keyword.label, keyword.colour, index + 1));
  },
};
