import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Migration } from '../migration.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { localSavesMigration } from './013-local-saves.ts';

// Versions 1 to 13 as this checkout has them; any it lacks is an empty step, so the test
// checks what migration 13 does on its own.
function throughThirteen(): readonly Migration[] {
  const known = new Map(allMigrations.map((migration) => [migration.version, migration]));
  known.set(13, localSavesMigration);
  return Array.from({ length: 13 }, (_, index) => known.get(index + 1) ?? { version: index + 1, name: 'absent', up: () => undefined });
}

describe('migration 013: local saves', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    migrate(database, throughThirteen(), 12);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT id FROM folders WHERE path = 'INBOX' AND account_id = (SELECT id FROM accounts WHERE kind = 'local')),
        1, 100, 100, NULL, '[]', '[]', '[]', 'Saved', 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'full');
    `);
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('keeps every row of a version 12 store and adds an empty journal of saves', () => {
    const tables = ['accounts', 'folders', 'messages'];
    const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    migrate(database, throughThirteen());
    assert.equal(readSchemaVersion(database), 13);
    assert.deepEqual(tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()), before);
    assert.deepEqual(database.prepare('SELECT * FROM local_saves').all(), []);
  });

  it('ties each save to its local message, which takes the save with it when deleted', () => {
    migrate(database, throughThirteen());
    const sha = 'a'.repeat(64);
    const insert = database.prepare(`INSERT INTO local_saves (local_message_id, account_id, folder_path, uid_validity, uid, sha256,
      size, mode, state, created_at) VALUES ((SELECT max(id) FROM messages), (SELECT id FROM accounts WHERE kind = 'imap'), 'INBOX', 7, ?, ?, 10, ?, ?, 1)`);
    insert.run(4, sha, 'move', 'written');
    assert.throws(() => insert.run(5, sha, 'move', 'written'), /UNIQUE/);
    database.exec('DELETE FROM local_saves');
    assert.throws(() => insert.run(0, sha, 'move', 'written'), /CHECK/);
    assert.throws(() => insert.run(4, 'abc', 'move', 'written'), /CHECK/);
    assert.throws(() => insert.run(4, sha, 'teleport', 'written'), /CHECK/);
    assert.throws(() => insert.run(4, sha, 'copy', 'lost'), /CHECK/);
    insert.run(4, sha, 'copy', 'done');
    database.exec('DELETE FROM messages');
    assert.deepEqual(database.prepare('SELECT * FROM local_saves').all(), []);
  });
});
