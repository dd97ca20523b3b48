import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { storeOver } from '../store.ts';
import { DEFAULT_CHECK_INTERVAL_SECONDS } from '../sync-repository.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { restoreKeptSources } from '../../sync/restore-kept-sources.ts';

describe('migration 003: sync settings and kept sources', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 2 store and adds empty tables that follow their account and folder', async () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, 2);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next, highest_modseq)
          VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3, '12');
        INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state, message_id)
        VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '["$label1"]', 0, 'full', '<a@x>'),
               (1, 2, 200, 200, '[]', '[]', '[]', 'second', 20, 0, 1, 0, 0, 0, '[]', 1, 'headers', '<b@x>');
        INSERT INTO message_sources (message_id, source, stored_at) VALUES (1, X'53756274', 5);
      `);
      const tables = ['accounts', 'folders', 'messages', 'message_sources'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());

      migrate(database, allMigrations, 3);
      assert.equal(readSchemaVersion(database), 3);
      assert.deepEqual(
        tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()),
        before,
      );
      for (const table of ['sync_account_settings', 'sync_settings', 'sync_kept_sources']) {
        assert.equal(database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n, 0, table);
      }

      // The repositories expect the whole schema.
      migrate(database, allMigrations);
      const store = storeOver(database);
      assert.equal(await store.sync.checkIntervalSeconds('1'), DEFAULT_CHECK_INTERVAL_SECONDS);
      await store.sync.setCheckIntervalSeconds('1', 60);
      assert.equal(await store.sync.checkIntervalSeconds('1'), 60);
      assert.throws(() => database.prepare('INSERT INTO sync_account_settings VALUES (1, 5) ON CONFLICT DO UPDATE SET check_interval_seconds = 5').run());
      assert.equal(await store.sync.workOffline(), false);
      await store.sync.setWorkOffline(true);
      assert.equal(await store.sync.workOffline(), true);

      // A UIDVALIDITY change keeps the downloaded source aside and gives it back by Message-ID.
      assert.deepEqual(await store.sync.keepSourcesAndClear('1'), { kept: 1, removed: 2 });
      database.exec(`
        INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state, message_id)
        VALUES (1, 9, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '[]', 0, 'headers', '<a@x>')
      `);
      assert.equal(await restoreKeptSources(store, '1'), 1);
      const restored = database.prepare("SELECT m.body_state, s.source FROM messages m JOIN message_sources s ON s.message_id = m.id WHERE m.uid = 9").get();
      assert.equal(restored?.body_state, 'full');
      assert.equal(Buffer.from(restored.source as Uint8Array).toString(), 'Subt');
      assert.equal(database.prepare('SELECT COUNT(*) AS n FROM sync_kept_sources').get()?.n, 0);

      database.exec('DELETE FROM accounts');
      assert.equal(database.prepare('SELECT COUNT(*) AS n FROM sync_account_settings').get()?.n, 0);
    } finally {
      if (database.isOpen) database.close();
    }
  });
});
