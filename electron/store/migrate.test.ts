import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from './migrate.ts';
import { allMigrations } from './migrations/all-migrations.ts';
import { databaseFileName, openConnection, openDatabase } from './open-database.ts';
import { makeTempDir } from './test-fixtures.ts';

describe('store migrations', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('brings a new store to the latest version in WAL mode with foreign keys on', () => {
    const database = openDatabase(dir.path);
    try {
      assert.equal(readSchemaVersion(database), allMigrations.length);
      assert.equal(database.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
      assert.equal(database.prepare('PRAGMA foreign_keys').get()?.foreign_keys, 1);
      assert.equal(database.prepare('PRAGMA synchronous').get()?.synchronous, 2);
    } finally {
      database.close();
    }
  });

  it('keeps every row of a version 1 store when migrating it to version 2', () => {
    const path = join(dir.path, databaseFileName);
    const old = new DatabaseSync(path);
    migrate(old, allMigrations, 1);
    assert.equal(readSchemaVersion(old), 1);
    old.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
        VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3);
      INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
      VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '["$label1"]', 0, 'headers'),
             (1, 2, 200, 200, '[]', '[]', '[]', 'second', 20, 0, 1, 0, 0, 0, '[]', 1, 'headers');
    `);
    const tables = ['accounts', 'folders', 'messages'];
    const before = tables.map((table) => old.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
    old.close();

    // Migration 2 alone: later ones add columns of their own (threads), and have tests of their own.
    const migrated = openConnection(dir.path);
    migrate(migrated, allMigrations, 2);
    try {
      assert.equal(readSchemaVersion(migrated), 2);
      // Rows the later migrations add themselves (migration 7: Local Folders) are not compared.
      const added = (table: string): string =>
        table === 'accounts' ? "WHERE kind <> 'local'" : table === 'folders' ? "WHERE account_id NOT IN (SELECT id FROM accounts WHERE kind = 'local')" : '';
      const after = tables.map((table) => migrated.prepare(`SELECT * FROM ${table} ${added(table)} ORDER BY id`).all());
      assert.deepEqual(after, before);
      assert.equal(migrated.prepare('SELECT COUNT(*) AS n FROM message_sources').get()?.n, 0);
      const index = migrated.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?").get('messages_by_folder_date');
      assert.equal(index?.name, 'messages_by_folder_date');
    } finally {
      migrated.close();
    }
  });

  it('leaves the store at its previous version when a migration fails halfway', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      migrate(database, allMigrations, 1);
      const broken = [
        allMigrations[0]!,
        {
          version: 2,
          name: 'broken',
          up(db: DatabaseSync) {
            db.exec('CREATE TABLE half_done (x INTEGER)');
            db.exec('THIS IS NOT SQL');
          },
        },
      ];
      assert.throws(() => migrate(database, broken));
      assert.equal(readSchemaVersion(database), 1);
      const table = database.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get();
      assert.equal(table, undefined);
    } finally {
      database.close();
    }
  });

  it('refuses a store written by a newer Letterbox', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      database.exec('PRAGMA user_version = 99');
      assert.throws(() => migrate(database, allMigrations), /newer than this Letterbox/);
    } finally {
      database.close();
    }
  });
});
