import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Result } from '../../shared/errors.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

describe('service errors cross the boundary as result envelopes', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let service: Service;

  before(async () => {
    server = await startDovecot();
    dataDir = makeTempDir();
    service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
    });
  });

  after(async () => {
    await service.close();
    await server.stop();
    dataDir.remove();
  });

  function account(overrides: Record<string, unknown> = {}, incoming: Record<string, unknown> = {}) {
    const alice = server.user('alice');
    return {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username, ...incoming },
      outgoing: null,
      ...overrides,
    };
  }

  it('answers unknown-channel for a request no one declared', async () => {
    assert.equal(codeOf(await service.dispatch('dropTables', {})), 'unknown-channel');
    assert.equal(codeOf(await service.dispatch(42, {})), 'unknown-channel');
    assert.equal(codeOf(await service.dispatch('__proto__', {})), 'unknown-channel');
  });

  it('answers invalid-argument for arguments of the wrong shape', async () => {
    const cases: readonly [string, unknown][] = [
      ['listMessages', { folderId: '1', offset: -1, limit: 10 }],
      ['listMessages', { folderId: '1', offset: 0, limit: 100_000 }],
      ['listFolders', {}],
      ['listFolders', { accountId: 7 }],
      ['getMessage', 'not an object'],
      ['getStatus', { extra: true }],
      ['addAccount', account({ email: 'no at sign' })],
      ['addAccount', account({}, { port: 70_000 })],
      ['addAccount', account({}, { host: 'evil host/with spaces' })],
      ['addAccount', account({ password: '' })],
      ['openExternal', { url: '' }],
    ];
    for (const [channel, args] of cases) {
      const result = await service.dispatch(channel, args);
      assert.equal(codeOf(result), 'invalid-argument', `${channel} ${JSON.stringify(args)}`);
    }
  });

  it('refuses links that may not leave the app as invalid-argument with the reason', async () => {
    const result = await service.dispatch('openExternal', { url: 'javascript:alert(1)' });
    assert.equal(codeOf(result), 'invalid-argument');
    assert.ok(!result.ok && result.error.message.length > 0);
  });

  it('answers not-found for ids that name nothing', async () => {
    assert.equal(codeOf(await service.dispatch('listFolders', { accountId: '999' })), 'not-found');
    assert.equal(codeOf(await service.dispatch('listMessages', { folderId: 'x', offset: 0, limit: 10 })), 'not-found');
    assert.equal(codeOf(await service.dispatch('getMessage', { messageId: '1 OR 1=1' })), 'not-found');
    assert.equal(codeOf(await service.dispatch('getAttachment', { messageId: '5', attachmentId: 'part-1' })), 'not-found');
    assert.equal(codeOf(await service.dispatch('syncFolder', { folderId: '5' })), 'not-found');
    assert.equal(codeOf(await service.dispatch('removeAccount', { accountId: '5' })), 'not-found');
  });

  it('answers auth-failed for a wrong password, without the password in the message, and stores nothing', async () => {
    const result = await service.dispatch('addAccount', account({ password: 'wrong-password-91827' }));
    assert.equal(codeOf(result), 'auth-failed');
    assert.ok(!result.ok && !result.error.message.includes('wrong-password-91827'));
    assert.equal(codeOf(await service.dispatch('listAccounts', {})), 'ok');
    // Only Local Folders, which always exists (migration 7).
    const listed = await service.dispatch('listAccounts', {});
    assert.deepEqual(listed.ok ? (listed.value as readonly { readonly kind: string }[]).map((account) => account.kind) : listed, ['local']);
  });

  it('answers already-exists for the same login added twice', async () => {
    assert.equal(codeOf(await service.dispatch('addAccount', account())), 'ok');
    assert.equal(codeOf(await service.dispatch('addAccount', account({ name: 'Again' }))), 'already-exists');
  });

  it('answers connection-refused for a port where nothing listens', async () => {
    const result = await service.dispatch('testAccount', account({}, { port: 1 }));
    assert.equal(codeOf(result), 'connection-refused');
  });
});
