import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { outboxHeldMigration } from './014-outbox-held.ts';

describe('migration 014: outbox held state', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every outbox row of a version 13 store and then allows the held state', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, outboxHeldMigration.version - 1);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, relation_json, draft_id, state, attempts,
          last_error, next_attempt_at, created_at)
        VALUES ((SELECT MAX(id) FROM accounts), '<m1@x>', X'4142', '{"from":"a","to":["b"]}', 'one', NULL, NULL, 'queued', 0, NULL, 0, 5),
               ((SELECT MAX(id) FROM accounts), '<m2@x>', X'43', '{}', 'two', '{"kind":"reply","messageId":"3"}', 7, 'sending', 2, 'lost', 9, 6);
      `);
      const before = database.prepare('SELECT * FROM outbox ORDER BY id').all();
      const accounts = database.prepare('SELECT * FROM accounts ORDER BY id').all();
      migrate(database, allMigrations, outboxHeldMigration.version);
      assert.equal(readSchemaVersion(database), 14);
      assert.deepEqual(database.prepare('SELECT * FROM outbox ORDER BY id').all(), before);
      assert.deepEqual(database.prepare('SELECT * FROM accounts ORDER BY id').all(), accounts);
      database.exec("UPDATE outbox SET state = 'held' WHERE message_id = '<m2@x>'");
      assert.equal(database.prepare("SELECT state FROM outbox WHERE message_id = '<m2@x>'").get()?.state, 'held');
      assert.throws(() => {
        database.exec("UPDATE outbox SET state = 'bogus'");
      });
      // Still one row per Message-ID, and still removed with its account.
      assert.throws(() => {
        database.exec(`INSERT INTO outbox (account_id, message_id, raw, envelope_json, subject, state, created_at)
          VALUES ((SELECT MAX(id) FROM accounts), '<m1@x>', X'41', '{}', 's', 'queued', 5)`);
      });
      database.exec('DELETE FROM accounts');
      assert.deepEqual(database.prepare('SELECT * FROM outbox').all(), []);
    } finally {
      database.close();
    }
  });
});
