import type { Migration } from '../migration.ts';

// Each account's offline reading policy (architecture.md, "policies"): which message
// bodies sync downloads after the headers so they read without a network.
// mode 'all': every message; 'recent': messages dated within the last `days` days;
// 'headers': none (a body is fetched when the message is opened).
// A row exists only once the user chose; the default lives in the code
// (electron/store/offline-policy-repository.ts).
export const offlinePolicyMigration: Migration = {
  version: 9,
  name: 'offline reading policy',
  up(database) {
    database.exec(`
      CREATE TABLE account_offline_policy (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('all', 'recent', 'headers')),
        days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500)
      ) STRICT;

      -- What the background download still has to fetch, newest first, without a scan of
      -- the messages it already has.
      CREATE INDEX messages_without_body ON messages (folder_id, date DESC, id DESC) WHERE body_state = 'headers';
    `);
  },
};
