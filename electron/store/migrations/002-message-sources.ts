import type { Migration } from '../migration.ts';

// Raw sources live in SQLite, one row per message, so that storing a source and
// marking its message 'full' commit together (docs/decisions.md). The list index
// carries id as the tie-break, so the newest-first page never needs a sort step.
export const messageSourcesMigration: Migration = {
  version: 2,
  name: 'message sources and list index',
  up(database) {
    database.exec(`
      CREATE TABLE message_sources (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        source BLOB NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX messages_by_folder_date ON messages (folder_id, date DESC, id DESC);
      CREATE INDEX messages_unread ON messages (folder_id) WHERE seen = 0;
      CREATE INDEX folders_by_parent ON folders (parent_id);
    `);
  },
};
