import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createCertificateRepository } from '../../certificates/certificate-repository.ts';
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

  it('keeps every row of a version 9 store and adds an empty table of pins, one per host and port', async () => {
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

      const pins = createCertificateRepository(database);
      await pins.pin('Mail.Example.org', 993, FINGERPRINT.toLowerCase(), 5);
      assert.equal(await pins.pinnedFor('mail.example.org', 993), FINGERPRINT);
      assert.equal(await pins.pinnedFor('mail.example.org', 143), null);
      const changed = FINGERPRINT.replace(/^00/, 'FF');
      await pins.pin('mail.example.org', 993, changed, 6);
      assert.deepEqual(await pins.list(), [{ host: 'mail.example.org', port: 993, fingerprint: changed, trustedAt: 6 }]);
      assert.throws(() => {
        database.exec(`INSERT INTO pinned_certificates VALUES ('x.org', 70000, '${FINGERPRINT}', 1)`);
      });
      assert.throws(() => {
        database.exec(`INSERT INTO pinned_certificates VALUES ('x.org', 993, 'AB:CD', 1)`);
      });
      await pins.unpin('MAIL.example.org', 993);
      assert.deepEqual(await pins.list(), []);
    } finally {
      database.close();
    }
  });
});
