import type { Migration } from '../migration.ts';

// Whole-folder "Save folder locally" / "Move folder's mail to local" and the account option
// "move mail older than N days from a server folder into a local one" (issue 6.5;
// electron/local/folder-save-jobs.ts).
// - folder_save_jobs: one row per folder job still running, so a job a crash or quit stopped
//   resumes at the next start. last_uid is how far it got (UIDs are taken in ascending
//   order, RFC 3501 2.3.1.1: valid only within uid_validity, so a changed UIDVALIDITY starts
//   it over; saving a message twice reuses its copy). older_than: only messages whose
//   internal date is before it (epoch ms), for the account option. Each message still goes
//   through the per-message protocol of local_saves (migration 13); this row only says which
//   messages are left. Folders cascade: a deleted folder ends its jobs.
// - local_archive_policies: the account option, off unless a row says enabled = 1. The
//   server folder is named by path (it may be renamed or not yet synced), the target by id.
export const folderSaveJobsMigration: Migration = {
  version: 19,
  name: 'folder save jobs',
  up(database) {
    database.exec(`
      CREATE TABLE folder_save_jobs (
        id INTEGER PRIMARY KEY,
        source_folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        target_folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('copy', 'move')),
        older_than INTEGER,
        uid_validity INTEGER,
        last_uid INTEGER NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
        saved INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE local_archive_policies (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
        older_than_days INTEGER NOT NULL CHECK (older_than_days BETWEEN 1 AND 36500),
        source_folder_path TEXT NOT NULL,
        target_folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL
      ) STRICT;
    `);
  },
};
