import type { Migration } from '../migration.ts';

// IMAP "Save locally" and "Move to local" (electron/local/save-locally.ts): one row per
// message saved from a server folder into Local Folders, committed in the SAME transaction
// as the local copy (its messages and local_files rows), so after a crash the store always
// knows which local message stands for which server message and whether its server copy
// may still be removed.
// - state 'written': the file is durable and indexed, its SHA-256 not yet checked against
//   the bytes the server sent; 'verified': checked, so a move may now remove the server
//   copy (STORE \Deleted, UID EXPUNGE); 'done': a copy that was verified (a move's row is
//   deleted once the server removed its copy).
// - local_message_id cascades: a local copy deleted before its move finished takes the
//   move with it, and the server copy stays. (account, folder, UIDVALIDITY, UID) names the
//   server message, so saving it twice reuses the first copy.
export const localSavesMigration: Migration = {
  version: 13,
  name: 'local saves',
  up(database) {
    database.exec(`
      CREATE TABLE local_saves (
        id INTEGER PRIMARY KEY,
        local_message_id INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        folder_path TEXT NOT NULL,
        uid_validity INTEGER,
        uid INTEGER NOT NULL CHECK (uid > 0),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        mode TEXT NOT NULL CHECK (mode IN ('copy', 'move')),
        state TEXT NOT NULL CHECK (state IN ('written', 'verified', 'done')),
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;

      CREATE INDEX local_saves_by_source ON local_saves (account_id, folder_path, uid);
      CREATE INDEX local_saves_pending ON local_saves (state) WHERE state <> 'done';
    `);
  },
};
