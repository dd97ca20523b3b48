import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { pinnedCertificatesMigration } from './010-pinned-certificates.ts';

const FINGERPRINT = Array.from({ length: 32 }, (_, index) => index.toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('migration 010: pinned certificates', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 9 store and adds an empty table of pins, one per host and port', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, 9);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
          VALUES (last_insert_rowid(), 'Work', 'Work', 1, 1, 7, 3);
      `);
      const tables = ['accounts', 'folders'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
      migrate(database, allMigrations, pinnedCertificatesMigration.version);
      assert.equal(readSchemaVersion(database), 10);
      assert.deepEqual(
        tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()),
        before,
      );
      assert.deepEqual(database.prepare('SELECT * FROM pinned_certificates').all(), []);

      const pin = database.prepare('INSERT INTO pinned_certificates VALUES (?, ?, ?, ?)');
      pin.run('mail.example.org', 993, FINGERPRINT, 5);
      assert.throws(() => pin.run('mail.example.org', 993, FINGERPRINT, 6), /UNIQUE/);
      assert.throws(() => pin.run('Mail.example.org', 143, FINGERPRINT, 1), /CHECK/);
      assert.throws(() => pin.run('x.org', 70000, FINGERPRINT, 1), /CHECK/);
      assert.throws(() => pin.run('x.org', 993, 'AB:CD', 1), /CHECK/);
      assert.throws(() => pin.run('x.org', 993, FINGERPRINT.toLowerCase(), 1), /CHECK/);
      assert.deepEqual(database.prepare('SELECT host, port FROM pinned_certificates').all().map((row) => ({ ...row })), [{ host: 'mail.example.org', port: 993 }]);
    } finally {
      database.close();
    }
  });
});
