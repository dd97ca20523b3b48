// Certificates against the real Dovecot and its self-signed certificate, with the test CA
// NOT trusted: refused first with the fingerprint shown, trusted once that exact
// certificate is pinned, refused again after the server's certificate is replaced.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { Pop3ConnectionSettings } from '../../electron/pop3/pop3-types.ts';
import type { ImapConnectionSettings } from '../../electron/imap/imap-types.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { LetterboxError, type AppError } from '../../shared/errors.ts';
import type { AddAccountArgs } from '../../shared/schemas.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { anotherCertificate } from '../servers/test-certificates.ts';

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

// The service as the app composes it, on a data directory that outlives a restart.
function startService(dataDir: string): Service {
  return createService({
    dataDir,
    secretStore: createFileSecretStore(dataDir),
    openExternal: () => Promise.resolve(false),
    logError: (error) => {
      console.error('service error:', error);
    },
    sync: { checkIntervalMs: 3_600_000 },
  });
}

type Opened = { close(): Promise<unknown> };
type Where = { readonly host: string; readonly port: number; readonly security: string };

// The error a session's opening was refused with (it must be).
async function refusedBy<S extends Where>(open: (settings: S) => Promise<Opened>, settings: S): Promise<LetterboxError> {
  try {
    const session = await open(settings);
    await session.close();
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${settings.host}:${settings.port} (${settings.security}) should have been refused`);
}

const refusal = (settings: ImapConnectionSettings) => refusedBy(openImapSession, settings);

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
        trustable: true,
      });
    }
  });

  it('connects over TLS and STARTTLS with exactly that certificate pinned, and refuses another pin', async () => {
    await opens(untrusted({ pinnedCertificates: [server.caCertificate] }));
    await opens(untrusted({ port: server.imapPort, security: 'starttls', pinnedCertificates: [server.caCertificate] }));
    const error = await refusal(untrusted({ pinnedCertificates: [anotherCertificate()] }));
    assert.equal(error.certificate?.fingerprint, firstFingerprint);
    assert.equal(error.certificate.changed, true);
    assert.match(error.message, /has changed since you trusted it/);
  });

  it('through the service: refused, trusted by the user, kept across a restart, refused again once the certificate changes', async () => {
    const dir = makeTempDir();
    const start = (): Service => startService(dir.path);
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

      // A pin made before migration 024 kept only the fingerprint: the certificate the server
      // then presents, that exact one, is filled in, and the account connects without asking.
      await service.close();
      const forgetCertificates = (): unknown[] => {
        const database = new DatabaseSync(join(dir.path, databaseFileName));
        try {
          database.exec('UPDATE pinned_certificates SET certificate = NULL');
          return database.prepare('SELECT fingerprint, certificate FROM pinned_certificates').all().map((row) => ({ ...row }));
        } finally {
          database.close();
        }
      };
      assert.deepEqual(forgetCertificates(), [{ fingerprint: firstFingerprint, certificate: null }]);
      service = start();
      assert.equal((await service.dispatch('testAccount', args)).ok, true, 'a fingerprint-only pin still admits its certificate');
      await service.close();
      const database = new DatabaseSync(join(dir.path, databaseFileName), { readOnly: true });
      try {
        assert.deepEqual(database.prepare('SELECT certificate FROM pinned_certificates').all().map((row) => ({ ...row })), [{ certificate: server.caCertificate }]);
      } finally {
        database.close();
      }
      service = start();

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

// POP3 (RFC 2595 STLS, and POP3S) is admitted the same way: the certificate shown, pinned by the
// user, then trusted for that host and port alone.
describe('trusting a certificate nobody vouches for, over POP3', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let fingerprint = '';
  const pop3 = (overrides: Partial<Pop3ConnectionSettings> = {}): Pop3ConnectionSettings => {
    const user = server.user('alice');
    return { host: server.host, port: server.pop3sPort, security: 'tls', username: user.username, password: user.password, timeoutMs: 10_000, ...overrides };
  };
  const refusedPop3 = (settings: Pop3ConnectionSettings) => refusedBy(openPop3Session, settings);
  const opensPop3 = async (settings: Pop3ConnectionSettings): Promise<void> => {
    const session = await openPop3Session(settings);
    try {
      assert.equal(typeof (await session.stat()).messageCount, 'number');
    } finally {
      await session.close();
    }
  };

  before(async () => {
    server = await startDovecot();
    fingerprint = fingerprintOf(server.caCertificate);
  });
  after(async () => {
    await server.stop();
  });

  it('refuses over POP3S and STLS with the fingerprint, opens with exactly that one pinned, and refuses another pin', async () => {
    for (const settings of [pop3(), pop3({ port: server.pop3Port, security: 'starttls' })]) {
      const error = await refusedPop3(settings);
      assert.equal(error.code, 'tls-untrusted');
      assert.deepEqual(error.certificate, { host: '127.0.0.1', port: settings.port, fingerprint, reason: 'it is self-signed', changed: false, trustable: true });
      await opensPop3({ ...settings, pinnedCertificates: [server.caCertificate] });
    }
    const changed = await refusedPop3(pop3({ pinnedCertificates: [anotherCertificate()] }));
    assert.equal(changed.certificate?.changed, true);
  });

  it('through the service: a POP3 account is refused, trusted by the user, and kept across a restart', async () => {
    const dir = makeTempDir();
    const start = (): Service => startService(dir.path);
    const alice = server.user('alice');
    const args: AddAccountArgs = {
      kind: 'pop3',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: alice.username },
      outgoing: null,
      pop3: { leaveOnServer: true },
    };
    let service = start();
    try {
      const first = await service.dispatch('testAccount', args);
      assert.equal(first.ok, false, 'the connection must be refused');
      assert.ok(!first.ok);
      assert.equal(first.error.code, 'tls-untrusted');
      assert.equal(first.error.certificate?.fingerprint, fingerprint);
      assert.equal((await service.dispatch('trustCertificate', { host: server.host, port: server.pop3sPort, fingerprint })).ok, true);
      assert.equal((await service.dispatch('testAccount', args)).ok, true);
      const added = await service.dispatch('addAccount', args);
      assert.equal(added.ok, true, added.ok ? '' : added.error.message);
      await service.close();
      service = start();
      assert.equal((await service.dispatch('testAccount', args)).ok, true, 'the trust is kept in the store');
    } finally {
      await service.close();
      dir.remove();
    }
  });
});
