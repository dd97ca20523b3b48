import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Migration } from '../migration.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { folderSaveJobsMigration } from './019-folder-save-jobs.ts';

// Versions 1 to 19 as this checkout has them; any it lacks is an empty step, so the test
// checks what migration 19 does on its own.
function throughNineteen(): readonly Migration[] {
  const known = new Map(allMigrations.map((migration) => [migration.version, migration]));
  known.set(19, folderSaveJobsMigration);
  return Array.from(
    { length: 19 },
    (_, index) => known.get(index + 1) ?? { version: index + 1, name: 'absent', up: () => undefined },
  );
}

describe('migration 019: folder save jobs and the account option to move old mail', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    migrate(database, throughNineteen(), 18);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, delimiter, role, subscribed, selectable)
        VALUES ((SELECT id FROM accounts WHERE kind = 'imap'), 'Archive', 'Archive', '/', 'archive', 1, 1);
    `);
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  const source = "(SELECT id FROM folders WHERE path = 'Archive')";
  const target =
    "(SELECT f.id FROM folders f JOIN accounts a ON a.id = f.account_id AND a.kind = 'local' WHERE f.path = 'INBOX')";

  it('keeps every row of a version 18 store and adds empty tables', () => {
    const tables = ['accounts', 'folders', 'messages'];
    const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    migrate(database, throughNineteen());
    assert.equal(readSchemaVersion(database), 19);
    assert.deepEqual(
      tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()),
      before,
    );
    assert.deepEqual(database.prepare('SELECT * FROM folder_save_jobs').all(), []);
    assert.deepEqual(database.prepare('SELECT * FROM local_archive_policies').all(), []);
  });

  it('ends a job with its folder and an option with its account; the target folder leaves the option unset', () => {
    migrate(database, throughNineteen());
    const insertJob = database.prepare(
      `INSERT INTO folder_save_jobs (source_folder_id, target_folder_id, mode, created_at) VALUES (${source}, ${target}, ?, 1)`,
    );
    insertJob.run('move');
    assert.throws(() => insertJob.run('teleport'), /CHECK/);
    const job = database.prepare('SELECT mode, last_uid, saved, failed, older_than FROM folder_save_jobs').get();
    assert.deepEqual({ ...job }, { mode: 'move', last_uid: 0, saved: 0, failed: 0, older_than: null });
    const insertPolicy =
      database.prepare(`INSERT INTO local_archive_policies (account_id, enabled, older_than_days, source_folder_path, target_folder_id)
      VALUES ((SELECT id FROM accounts WHERE kind = 'imap'), 1, ?, 'Archive', ${target})`);
    assert.throws(() => insertPolicy.run(0), /CHECK/);
    insertPolicy.run(30);
    database.exec(`DELETE FROM folders WHERE path = 'INBOX' AND account_id = (SELECT id FROM accounts WHERE kind = 'local')`);
    assert.deepEqual(database.prepare('SELECT * FROM folder_save_jobs').all(), []);
    assert.equal(database.prepare('SELECT target_folder_id FROM local_archive_policies').get()?.target_folder_id, null);
    database.exec(`DELETE FROM accounts WHERE kind = 'imap'`);
    assert.deepEqual(database.prepare('SELECT * FROM local_archive_policies').all(), []);
  });
});
