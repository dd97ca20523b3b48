import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { createCertificateRepository } from '../../certificates/certificate-repository.ts';
import { fingerprintOf } from '../../certificates/fingerprint.ts';
import { makeTestCertificates, type TestCertificates } from '../../../test/servers/test-certificates.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { pinnedCertificatePemMigration } from './024-pinned-certificate-pem.ts';

describe('migration 024: a pin keeps its certificate', () => {
  const dir = makeTempDir();
  let certificates: TestCertificates;
  before(() => {
    certificates = makeTestCertificates(join(dir.path, 'certificates'));
  });
  after(() => {
    dir.remove();
  });

  it('keeps the fingerprint-only pins of a version 23 store, then pins certificates by their own fingerprint', async () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      migrate(database, allMigrations, 23);
      const legacy = fingerprintOf(certificates.selfSigned.cert) ?? '';
      database.prepare('INSERT INTO pinned_certificates VALUES (?, ?, ?, ?)').run('mail.example.org', 993, legacy, 5);
      migrate(database, allMigrations, pinnedCertificatePemMigration.version);
      assert.equal(readSchemaVersion(database), 24);

      const pins = createCertificateRepository(database);
      assert.deepEqual(await pins.pinnedFor('Mail.Example.org', 993), { fingerprint: legacy, certificate: null });
      await pins.pin('mail.example.org', 993, certificates.unknownCa.cert, 6);
      assert.deepEqual(await pins.pinnedFor('mail.example.org', 993), {
        fingerprint: fingerprintOf(certificates.unknownCa.cert),
        certificate: certificates.unknownCa.cert,
      });
      assert.equal(await pins.pinnedFor('mail.example.org', 143), null);
      assert.deepEqual(await pins.list(), [{ host: 'mail.example.org', port: 993, fingerprint: fingerprintOf(certificates.unknownCa.cert), trustedAt: 6 }]);
      await assert.rejects(pins.pin('mail.example.org', 995, 'not a certificate', 7), /Only a certificate/);
      assert.throws(() => {
        database.prepare('UPDATE pinned_certificates SET certificate = ?').run('<script>');
      }, /CHECK/);
      await pins.unpin('MAIL.example.org', 993);
      assert.deepEqual(await pins.list(), []);
    } finally {
      database.close();
    }
  });
});
