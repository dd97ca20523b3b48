// Certificates against the real Dovecot and its self-signed certificate, with the test CA
// NOT trusted: refused first with the fingerprint shown, trusted once that exact
// certificate is pinned, refused again after the server's certificate is replaced.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { ImapConnectionSettings } from '../../electron/imap/imap-types.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { LetterboxError, type AppError } from '../../shared/errors.ts';
import type { AddAccountArgs } from '../../shared/schemas.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { imapSettings } from '../servers/imap-settings.ts';

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

async function refusal(settings: ImapConnectionSettings): Promise<LetterboxError> {
  try {
    const session = await openImapSession(settings);
    await session.close();
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${settings.host}:${settings.port} (${settings.security}) should have been refused`);
}

async function opens(settings: ImapConnectionSettings): Promise<void> {
  const session = await openImapSession(settings);
  try {
    assert.ok((await session.listFolders()).some((folder) => folder.role === 'inbox'));
  } finally {
    await session.close();
  }
}

describe('trusting a certificate nobody vouches for', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let firstFingerprint = '';
  const untrusted = (overrides: Partial<ImapConnectionSettings> = {}) =>
    imapSettings(server, 'alice', { trustedCertificates: [], ...overrides });

  before(async () => {
    server = await startDovecot();
    firstFingerprint = fingerprintOf(server.caCertificate);
  });
  after(async () => {
    await server.stop();
  });

  it('refuses the self-signed certificate over TLS and STARTTLS, giving its SHA-256 fingerprint', async () => {
    for (const settings of [untrusted(), untrusted({ port: server.imapPort, security: 'starttls' })]) {
      const error = await refusal(settings);
      assert.equal(error.code, 'tls-untrusted');
      assert.match(error.message, /self-signed/);
      assert.deepEqual(error.certificate, {
        host: '127.0.0.1',
        port: settings.port,
        fingerprint: firstFingerprint,
        reason: 'it is self-signed',
        changed: false,
      });
    }
  });

  it('connects over TLS and STARTTLS with exactly that certificate pinned, and refuses another pin', async () => {
    await opens(untrusted({ pinnedFingerprints: [firstFingerprint] }));
    await opens(untrusted({ port: server.imapPort, security: 'starttls', pinnedFingerprints: [firstFingerprint.toLowerCase()] }));
    const other = firstFingerprint.replace(/^[0-9A-F]{2}/, (pair) => (pair === '00' ? '01' : '00'));
    const error = await refusal(untrusted({ pinnedFingerprints: [other] }));
    assert.equal(error.certificate?.fingerprint, firstFingerprint);
    assert.equal(error.certificate.changed, true);
    assert.match(error.message, /has changed since you trusted it/);
  });

  it('through the service: refused, trusted by the user, kept across a restart, refused again once the certificate changes', async () => {
    const dir = makeTempDir();
    const start = (): Service =>
      createService({
        dataDir: dir.path,
        secretStore: createFileSecretStore(dir.path),
        openExternal: () => Promise.resolve(false),
        logError: (error) => {
          console.error('service error:', error);
        },
        sync: { checkIntervalMs: 3_600_000 },
      });
    const alice = server.user('alice');
    const args: AddAccountArgs = {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
      outgoing: null,
    };
    const refusedWith = async (service: Service): Promise<AppError> => {
      const result = await service.dispatch('testAccount', args);
      assert.equal(result.ok, false, 'the connection must be refused');
      return result.error;
    };
    let service = start();
    try {
      const first = await refusedWith(service);
      assert.equal(first.code, 'tls-untrusted');
      assert.equal(first.certificate?.fingerprint, firstFingerprint);

      // Only a certificate this server was refused for can be trusted.
      const made = await service.dispatch('trustCertificate', { host: server.host, port: server.imapsPort, fingerprint: '00'.repeat(32).replace(/(..)(?=.)/g, '$1:') });
      assert.equal(made.ok, false);
      assert.equal((await service.dispatch('trustCertificate', { host: server.host, port: server.imapsPort, fingerprint: firstFingerprint })).ok, true);
      assert.equal((await service.dispatch('testAccount', args)).ok, true);
      const added = await service.dispatch('addAccount', args);
      assert.equal(added.ok, true, added.ok ? '' : added.error.message);

      await service.close();
      service = start();
      assert.equal((await service.dispatch('testAccount', args)).ok, true, 'the trust is kept in the store');

      const replaced = await server.replaceCertificate();
      const again = await refusedWith(service);
      assert.equal(again.code, 'tls-untrusted');
      assert.equal(again.certificate?.fingerprint, fingerprintOf(replaced));
      assert.notEqual(again.certificate.fingerprint, firstFingerprint);
      assert.equal(again.certificate.changed, true);

      assert.equal((await service.dispatch('trustCertificate', { host: server.host, port: server.imapsPort, fingerprint: fingerprintOf(replaced) })).ok, true);
      assert.equal((await service.dispatch('testAccount', args)).ok, true);
    } finally {
      await service.close();
      dir.remove();
    }
  });
});
