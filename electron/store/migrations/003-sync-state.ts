import type { Migration } from '../migration.ts';

// What keeping the cache true to the server needs beyond the folder's UID state:
// - sync_account_settings: how often other folders are checked, per account (a row only
//   once the user changes it; the default lives in the code).
// - sync_settings: app-wide switches such as "Work offline", as text values by key.
// - sync_kept_sources: downloaded sources of a folder whose UIDVALIDITY changed (RFC 3501
//   2.3.1.1), held until the refetched headers are matched to them by Message-ID. Kept in
//   a table, not in memory, so a crash during the refetch loses no downloaded message.
export const syncStateMigration: Migration = {
  version: 3,
  name: 'sync settings and kept sources',
  up(database) {
    database.exec(`
      CREATE TABLE sync_account_settings (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        check_interval_seconds INTEGER NOT NULL CHECK (check_interval_seconds BETWEEN 30 AND 86400)
      ) STRICT;

      CREATE TABLE sync_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_kept_sources (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        source BLOB NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX sync_kept_sources_by_folder ON sync_kept_sources (folder_id, message_id);
    `);
  },
};
