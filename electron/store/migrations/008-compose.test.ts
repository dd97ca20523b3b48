import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { composeMigration } from './008-compose.ts';
import { allMigrations } from './all-migrations.ts';

describe('migration 008: compose', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 7 store and adds an outbox and drafts that follow their account', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, composeMigration.version - 1);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
          VALUES ((SELECT MAX(id) FROM accounts), 'Sent', 'Sent', 1, 1, 7, 3);
        INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
        VALUES ((SELECT MAX(id) FROM folders), 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '[]', 0, 'headers');
        INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES ((SELECT MAX(id) FROM accounts), 'flags', '{}', 5);
      `);
      const tables = ['accounts', 'folders', 'messages', 'actions'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
      migrate(database, allMigrations, composeMigration.version);
      assert.equal(readSchemaVersion(database), 8);
      assert.deepEqual(
        tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all()),
        before,
      );
      assert.deepEqual(database.prepare('SELECT * FROM outbox').all(), []);
      assert.deepEqual(database.prepare('SELECT * FROM drafts').all(), []);
      database.exec(`
        INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, state, created_at)
          VALUES ((SELECT MAX(id) FROM accounts), '<m@x>', X'41', '{}', 's', 'queued', 5);
        INSERT INTO drafts (account_id, message_id, fields_json, updated_at) VALUES ((SELECT MAX(id) FROM accounts), '<d@x>', '{}', 5);
      `);
      assert.deepEqual(
        { ...database.prepare('SELECT attempts, last_error, next_attempt_at, relation_json, draft_id FROM outbox').get() },
        { attempts: 0, last_error: null, next_attempt_at: 0, relation_json: null, draft_id: null },
      );
      assert.deepEqual(
        { ...database.prepare('SELECT version, uploaded_version, server_uid, discarded FROM drafts').get() },
        { version: 1, uploaded_version: 0, server_uid: null, discarded: 0 },
      );
      // One outbox row per Message-ID: the same message can never be queued twice.
      assert.throws(() => {
        database.exec(`INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, state, created_at)
          VALUES ((SELECT MAX(id) FROM accounts), '<m@x>', X'41', '{}', 's', 'queued', 5)`);
      });
      assert.throws(() => {
        database.exec(`INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, state, created_at)
          VALUES ((SELECT MAX(id) FROM accounts), '<n@x>', X'41', '{}', 's', 'bogus', 5)`);
      });
      database.exec('DELETE FROM accounts');
      assert.deepEqual(database.prepare('SELECT * FROM outbox').all(), []);
      assert.deepEqual(database.prepare('SELECT * FROM drafts').all(), []);
    } finally {
      database.close();
    }
  });
});
