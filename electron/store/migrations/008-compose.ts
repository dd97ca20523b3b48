import type { Migration } from '../migration.ts';

// Compose and send (docs/decisions.md, "Sending"): the outbox holds every message from the
// moment the user pressed Send until the server took it and its Sent copy was stored, so a
// crash or a closed laptop loses nothing and sends nothing twice; drafts are kept here at
// once and mirrored to the server's Drafts folder.
export const composeMigration: Migration = {
  version: 8,
  name: 'compose',
  up(database) {
    database.exec(`
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        -- RFC 5322 Message-ID of raw, looked for in Sent after a crash mid-send.
        message_id TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        -- SMTP envelope (RFC 5321 MAIL FROM / RCPT TO): Bcc is here and not in raw.
        envelope_json TEXT NOT NULL,
        subject TEXT NOT NULL,
        -- The message answered or forwarded, flagged once this one is sent.
        relation_json TEXT,
        draft_id INTEGER,
        -- queued: waits; sending: handed to SMTP, outcome unknown until recorded;
        -- sent: the server took it, the Sent copy and flags are still to do; failed: the
        -- server refused for good, kept for the user to retry or cancel.
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX outbox_by_account ON outbox (account_id, id);

      CREATE TABLE drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        -- One Message-ID for every version of a draft: the server copy is replaced by
        -- APPENDing the new version and removing every other UID carrying it.
        message_id TEXT NOT NULL UNIQUE,
        fields_json TEXT NOT NULL,
        -- Bumped by each save; the server copy is current when uploaded_version equals it.
        version INTEGER NOT NULL DEFAULT 1,
        uploaded_version INTEGER NOT NULL DEFAULT 0,
        server_uid INTEGER,
        -- Set when sent or discarded: the row stays until the server copy is gone.
        discarded INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
