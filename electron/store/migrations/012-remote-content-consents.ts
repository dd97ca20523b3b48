import type { Migration } from '../migration.ts';

// The user's "load remote content" choices (electron/remote-content/): for one message,
// or always for a sender's address or a domain. A message's choice goes with the message
// (ON DELETE CASCADE); the others stay until revoked in settings.
export const remoteContentConsentsMigration: Migration = {
  version: 12,
  name: 'remote content consents',
  up(database) {
    database.exec(`
      CREATE TABLE remote_content_consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL CHECK (scope IN ('message', 'sender', 'domain')),
        value TEXT NOT NULL CHECK (length(value) <= 320 AND value = lower(value)),
        message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
        label TEXT NOT NULL CHECK (length(label) <= 300),
        created_at INTEGER NOT NULL,
        CHECK ((scope = 'message') = (message_id IS NOT NULL)),
        CHECK (scope = 'message' OR length(value) >= 1)
      ) STRICT;
      CREATE UNIQUE INDEX remote_content_consents_rule ON remote_content_consents (scope, value, ifnull(message_id, 0));
      CREATE INDEX remote_content_consents_message ON remote_content_consents (message_id) WHERE message_id IS NOT NULL;
    `);
  },
};
