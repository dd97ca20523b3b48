import type { Migration } from '../migration.ts';

// An outbox row found 'sending' after a crash may or may not have reached the server: it
// is held ('held') until the user says "Send again" or "Move to drafts", never resent on its
// own (docs/decisions.md, "Sending"). SQLite cannot change a CHECK constraint in place, so
// the outbox is copied into a table that allows the new state.
export const outboxHeldMigration: Migration = {
  version: 14,
  name: 'outbox held state',
  up(database) {
    database.exec(`
      CREATE TABLE outbox_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        envelope_json TEXT NOT NULL,
        subject TEXT NOT NULL,
        relation_json TEXT,
        draft_id INTEGER,
        -- queued, sending, sent, failed as in migration 8; held: interrupted after the message
        -- may have gone out, waiting for the user's word.
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'held')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO outbox_new (id, account_id, message_id, raw, envelope_json, subject, relation_json, draft_id, state,
          attempts, last_error, next_attempt_at, created_at)
        SELECT id, account_id, message_id, raw, envelope_json, subject, relation_json, draft_id, state,
          attempts, last_error, next_attempt_at, created_at FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_by_account ON outbox (account_id, id);
    `);
  },
};
