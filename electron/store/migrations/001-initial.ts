import type { Migration } from '../migration.ts';

// Accounts, folders and message headers. AUTOINCREMENT keeps ids from being reused
// after a delete, so an id the renderer still holds can never name another row.
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  up(database) {
    database.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('imap', 'pop3', 'local')),
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        incoming_host TEXT NOT NULL,
        incoming_port INTEGER NOT NULL,
        incoming_security TEXT NOT NULL CHECK (incoming_security IN ('tls', 'starttls', 'none')),
        incoming_username TEXT NOT NULL,
        outgoing_host TEXT,
        outgoing_port INTEGER,
        outgoing_security TEXT CHECK (outgoing_security IN ('tls', 'starttls', 'none')),
        outgoing_username TEXT,
        secret_reference TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE folders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        parent_id INTEGER REFERENCES folders (id) ON DELETE SET NULL,
        delimiter TEXT,
        role TEXT,
        subscribed INTEGER NOT NULL,
        selectable INTEGER NOT NULL,
        uid_validity INTEGER,
        uid_next INTEGER,
        highest_modseq TEXT,
        unread_count INTEGER NOT NULL DEFAULT 0,
        total_count INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account_id, path)
      ) STRICT;

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        uid INTEGER NOT NULL,
        modseq TEXT,
        message_id TEXT,
        date INTEGER NOT NULL,
        internal_date INTEGER NOT NULL,
        from_json TEXT,
        to_json TEXT NOT NULL,
        cc_json TEXT NOT NULL,
        reply_to_json TEXT NOT NULL,
        subject TEXT NOT NULL,
        size INTEGER NOT NULL,
        seen INTEGER NOT NULL,
        flagged INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        draft INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        keywords_json TEXT NOT NULL,
        has_attachments INTEGER NOT NULL,
        body_structure TEXT,
        body_state TEXT NOT NULL CHECK (body_state IN ('headers', 'full')),
        UNIQUE (folder_id, uid)
      ) STRICT;
    `);
  },
};
