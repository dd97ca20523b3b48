import type { Migration } from '../migration.ts';

// Local Folders and POP3 (architecture.md, "Where a message lives"):
// - The 'local' account always exists, with an Inbox and a Trash. Its messages are Maildir
//   files under DATA_DIR/local/ (electron/local/); its folders' UIDs are ours, so they start
//   at UIDVALIDITY 1, UIDNEXT 1 and never change.
// - local_files: which Maildir file holds a local message. Keyed by the file's unique base
//   name (Maildir: the part before ":2,", stable across flag renames and folder moves);
//   message_ref is messages.id, which a move keeps. (folder_id, uid) finds the file of a
//   message whose row an expunge already removed.
// - pop3_settings: where the mail of a POP3 account lives (leave on server, delete after N
//   days, delete when deleted here, largest message downloaded whole) and its check interval.
// - pop3_ledger: every server message (by UIDL, RFC 1939 7) that was downloaded, when, its
//   local copy, and whether the server deleted it. A row is committed together with the local
//   copy BEFORE any DELE is sent, so a message is never lost and never downloaded twice.
//   message_ref has no foreign key on purpose: messages ids are never reused (AUTOINCREMENT),
//   so a ref whose row is gone means "deleted here".
export const localFoldersPop3Migration: Migration = {
  version: 7,
  name: 'local folders and POP3 ledger',
  up(database) {
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at)
      VALUES ('local', 'Local Folders', '', '', 0, 'none', '', '', CAST(unixepoch('subsec') * 1000 AS INTEGER));

      INSERT INTO folders (account_id, path, name, delimiter, role, subscribed, selectable, uid_validity, uid_next)
      VALUES ((SELECT max(id) FROM accounts WHERE kind = 'local'), 'INBOX', 'Inbox', '/', 'inbox', 1, 1, 1, 1),
             ((SELECT max(id) FROM accounts WHERE kind = 'local'), 'Trash', 'Trash', '/', 'trash', 1, 1, 1, 1);

      CREATE TABLE local_files (
        base_name TEXT PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        uid INTEGER NOT NULL,
        message_ref INTEGER,
        file_name TEXT NOT NULL,
        UNIQUE (folder_id, uid)
      ) STRICT;

      CREATE INDEX local_files_by_message ON local_files (message_ref);

      CREATE TABLE pop3_settings (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        leave_on_server INTEGER NOT NULL DEFAULT 1,
        delete_after_days INTEGER CHECK (delete_after_days IS NULL OR delete_after_days >= 0),
        delete_when_deleted_here INTEGER NOT NULL DEFAULT 0,
        max_message_bytes INTEGER CHECK (max_message_bytes IS NULL OR max_message_bytes > 0),
        check_interval_seconds INTEGER NOT NULL DEFAULT 600 CHECK (check_interval_seconds BETWEEN 30 AND 86400),
        target_folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE pop3_ledger (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        uidl TEXT NOT NULL,
        downloaded_at INTEGER NOT NULL,
        deleted_on_server INTEGER NOT NULL DEFAULT 0,
        message_ref INTEGER,
        body_state TEXT NOT NULL CHECK (body_state IN ('headers', 'full')),
        size INTEGER NOT NULL,
        PRIMARY KEY (account_id, uidl)
      ) STRICT;

      CREATE INDEX pop3_ledger_by_message ON pop3_ledger (message_ref);
    `);
  },
};
