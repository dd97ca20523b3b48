import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEFAULT_OFFLINE_POLICY } from '../../../shared/sync/offline-policy.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { storeOver } from '../store.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { offlinePolicyMigration } from './009-offline-policy.ts';

describe('migration 009: offline reading policy', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 8 store, defaults every account, and follows its account', async () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, offlinePolicyMigration.version - 1);
      const account = database
        .prepare(`INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1) RETURNING id`)
        .get()?.id as number;
      const folder = database
        .prepare(`INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
          VALUES (?, 'INBOX', 'Inbox', 1, 1, 7, 3) RETURNING id`)
        .get(account)?.id as number;
      database
        .prepare(`INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
        VALUES (?1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '[]', 0, 'headers'),
               (?1, 2, 200, 200, '[]', '[]', '[]', 'second', 20, 0, 0, 0, 0, 0, '[]', 0, 'full')`)
        .run(folder);
      const tables = ['accounts', 'folders', 'messages'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all());

      migrate(database, allMigrations, offlinePolicyMigration.version);

      assert.equal(readSchemaVersion(database), 9);
      assert.deepEqual(
        tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all()),
        before,
      );
      assert.deepEqual(database.prepare('SELECT * FROM account_offline_policy').all(), []);
      assert.throws(() => database.prepare("INSERT INTO account_offline_policy VALUES (?, 'some', 30)").run(account));
      assert.throws(() => database.prepare("INSERT INTO account_offline_policy VALUES (?, 'recent', 0)").run(account));

      migrate(database, allMigrations);
      const store = storeOver(database);
      assert.deepEqual(await store.offlinePolicy.get(String(account)), DEFAULT_OFFLINE_POLICY);
      await store.offlinePolicy.set(String(account), { mode: 'headers', days: 7 });
      assert.deepEqual(await store.offlinePolicy.get(String(account)), { mode: 'headers', days: 7 });
      // Only the message without its body is left to download.
      assert.deepEqual((await store.offlinePolicy.listWithoutBody(String(folder), null, null, 10)).map((row) => row.uid), [1]);
      assert.equal(await store.offlinePolicy.countWithoutBody([String(folder)], 150), 0);

      database.prepare('DELETE FROM accounts WHERE id = ?').run(account);
      assert.deepEqual(database.prepare('SELECT * FROM account_offline_policy').all(), []);
    } finally {
      if (database.isOpen) database.close();
    }
  });
});
