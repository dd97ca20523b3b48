import type { Migration } from '../migration.ts';

// The durable action queue (architecture.md): a user's change is applied to the cached
// messages and recorded here in the same transaction, then replayed against the server in
// id order. payload_json holds what the replay sends and what a revert restores.
export const actionQueueMigration: Migration = {
  version: 4,
  name: 'action queue',
  up(database) {
    database.exec(`
      CREATE TABLE actions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('flags', 'move', 'expunge')),
        payload_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE INDEX actions_by_account ON actions (account_id, id);
    `);
  },
};
