import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { actionQueueMigration } from './004-action-queue.ts';
import { allMigrations } from './all-migrations.ts';

describe('migration 004: action queue', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 3 store and adds an empty queue that follows its account', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, 3);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
          VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3);
        INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
        VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '["$label1"]', 0, 'headers');
      `);
      const tables = ['accounts', 'folders', 'messages'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
      migrate(database, allMigrations, actionQueueMigration.version);
      assert.equal(readSchemaVersion(database), 4);
      assert.deepEqual(
        tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all()),
        before,
      );
      assert.deepEqual(database.prepare('SELECT * FROM actions').all(), []);
      database.exec(`INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (1, 'flags', '{}', 5)`);
      assert.deepEqual(
        { ...database.prepare('SELECT attempts, last_error, next_attempt_at FROM actions').get() },
        { attempts: 0, last_error: null, next_attempt_at: 0 },
      );
      assert.throws(() => {
        database.exec(`INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (1, 'bogus', '{}', 5)`);
      });
      database.exec('DELETE FROM accounts');
      assert.deepEqual(database.prepare('SELECT * FROM actions').all(), []);
    } finally {
      database.close();
    }
  });
});
