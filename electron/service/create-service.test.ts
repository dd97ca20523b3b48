import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Account } from '../../shared/domain.ts';
import { createFileSecretStore } from '../secrets/file-secret-store.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createFakeImapServer, type FakeImapServer } from '../sync/fake-imap-server.ts';
import { createService } from './create-service.ts';
import type { Service } from './service-types.ts';

const password = 'Pa55-unique-7c1e9';

const addArgs = {
  kind: 'imap',
  email: 'alice@example.org',
  password,
  incoming: { host: 'imap.example.org', port: 993, security: 'tls', username: 'alice' },
  outgoing: null,
} as const;

// Asks the service through its dispatch, as a transport would, and insists on success.
async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

describe('service', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let server: FakeImapServer;
  let services: Service[];
  let opened: string[];

  function start(): Service {
    const service = createService({
      dataDir: dir.path,
      secretStore: createFileSecretStore(dir.path),
      openImapSession: server.openImapSession,
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve(true);
      },
      logError: () => undefined,
    });
    services.push(service);
    return service;
  }

  async function addAndSync(service: Service): Promise<Account> {
    const account = await request(service, 'addAccount', addArgs);
    await request(service, 'syncAccount', { accountId: account.id });
    return account;
  }

  beforeEach(() => {
    dir = makeTempDir();
    server = createFakeImapServer();
    server.addFolder('INBOX');
    server.append('INBOX', 3, (uid) => (uid === 1 ? ['\\Seen'] : []));
    services = [];
    opened = [];
  });
  afterEach(async () => {
    for (const service of services) await service.close();
    dir.remove();
  });

  it('adds an account after a successful login and keeps the password out of the database', async () => {
    const service = start();
    const events: string[] = [];
    service.subscribe((event) => events.push(event));
    const account = await addAndSync(service);
    assert.equal(account.name, 'alice@example.org');
    assert.ok(events.includes('accountsChanged'));
    assert.equal(server.openings[0]?.password, password);
    await service.close();
    for (const file of await readdir(dir.path)) {
      if (file.startsWith('letterbox.sqlite')) {
        assert.equal((await readFile(join(dir.path, file))).includes(password), false, `${file} holds the password`);
      }
    }
  });

  it('refuses the same login twice with already-exists', async () => {
    const service = start();
    await addAndSync(service);
    const again = await service.dispatch('addAccount', { ...addArgs, email: 'ALICE@example.org' });
    assert.equal(again.ok ? 'ok' : again.error.code, 'already-exists');
  });

  it('stores nothing when the login fails', async () => {
    server.reachable = false;
    const service = start();
    const result = await service.dispatch('addAccount', addArgs);
    assert.equal(result.ok ? 'ok' : result.error.code, 'connection-refused');
    // Only Local Folders, which always exists (migration 7).
    assert.deepEqual((await request(service, 'listAccounts', {})).map((account) => account.kind), ['local']);
  });

  it('tests an account without storing it and returns the capabilities', async () => {
    const service = start();
    const result = await request(service, 'testAccount', addArgs);
    assert.deepEqual(result.capabilities, ['IMAP4rev1', 'IDLE']);
    // Only Local Folders, which always exists (migration 7).
    assert.deepEqual((await request(service, 'listAccounts', {})).map((account) => account.kind), ['local']);
  });

  it('lists folders with counts and messages newest first', async () => {
    const service = start();
    const account = await addAndSync(service);
    const folders = await request(service, 'listFolders', { accountId: account.id });
    assert.deepEqual(
      folders.map((folder) => [folder.path, folder.unreadCount, folder.totalCount]),
      [['INBOX', 2, 3]],
    );
    const page = await request(service, 'listMessages', { folderId: folders[0]!.id, offset: 0, limit: 2 });
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((item) => item.uid),
      [3, 2],
    );
  });

  it('fetches a message once, then reads it from the cache even after a restart with the server gone', async () => {
    const service = start();
    const account = await addAndSync(service);
    const folderId = (await request(service, 'listFolders', { accountId: account.id }))[0]!.id;
    const id = (await request(service, 'listMessages', { folderId, offset: 0, limit: 1 })).items[0]!.id;
    const first = await request(service, 'getMessage', { messageId: id });
    assert.match(first.text ?? '', /Body of 3/);
    assert.deepEqual(first.cc, [{ name: '', address: 'carol@example.org' }]);
    await service.close();

    server.reachable = false;
    const restarted = start();
    const again = await request(restarted, 'getMessage', { messageId: id });
    assert.deepEqual(again, first);
    assert.equal(server.sourceFetches.length, 1);
    const listed = await request(restarted, 'listMessages', { folderId, offset: 0, limit: 1 });
    assert.equal(listed.items[0]?.bodyState, 'full');
  });

  it('answers network for a message not yet downloaded while offline', async () => {
    const service = start();
    const account = await addAndSync(service);
    const folderId = (await request(service, 'listFolders', { accountId: account.id }))[0]!.id;
    const id = (await request(service, 'listMessages', { folderId, offset: 0, limit: 1 })).items[0]!.id;
    server.reachable = false;
    const result = await service.dispatch('getMessage', { messageId: id });
    assert.equal(result.ok ? 'ok' : result.error.code, 'network');
    assert.match(result.ok ? '' : result.error.message, /not been downloaded yet/);
  });

  it('removes an account with its folders and its password', async () => {
    const service = start();
    const account = await addAndSync(service);
    await request(service, 'removeAccount', { accountId: account.id });
    // Only Local Folders, which always exists (migration 7).
    assert.deepEqual((await request(service, 'listAccounts', {})).map((account) => account.kind), ['local']);
    assert.deepEqual(await request(service, 'getStatus', {}), { state: 'idle', text: 'Ready', accountId: null });
    const folders = await service.dispatch('listFolders', { accountId: account.id });
    assert.equal(folders.ok ? 'ok' : folders.error.code, 'not-found');
    assert.doesNotMatch(await readFile(join(dir.path, 'secrets.json'), 'utf8'), new RegExp(password));
  });

  it('opens allowed links and refuses others with the reason', async () => {
    const service = start();
    assert.deepEqual(await request(service, 'openExternal', { url: 'https://example.org/a' }), {
      opened: true,
      url: 'https://example.org/a',
      confirm: null,
    });
    const refused = await service.dispatch('openExternal', { url: 'file:///etc/passwd' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-argument');
    // A link whose text shows another host is not opened until the user confirms it.
    const deceptive = { url: 'https://evil.example/login', linkText: 'https://bank.example' };
    assert.deepEqual(await request(service, 'openExternal', deceptive), {
      opened: false,
      url: 'https://evil.example/login',
      confirm: { reason: 'different-host', host: 'evil.example', shownHost: 'bank.example' },
    });
    assert.deepEqual(opened, ['https://example.org/a']);
    assert.deepEqual(await request(service, 'openExternal', { ...deceptive, confirmed: true }), {
      opened: true,
      url: 'https://evil.example/login',
      confirm: null,
    });
    assert.deepEqual(opened, ['https://example.org/a', 'https://evil.example/login']);
  });

  it('starts a background sync of existing accounts when it starts', async () => {
    const first = start();
    const account = await addAndSync(first);
    await first.close();
    server.append('INBOX', 2);
    const second = start();
    const done = new Promise<void>((resolve) => {
      second.subscribe((event, payload) => {
        if (event === 'status' && JSON.stringify(payload).includes('Up to date')) resolve();
      });
    });
    await done;
    const folders = await request(second, 'listFolders', { accountId: account.id });
    assert.equal(folders[0]?.totalCount, 5);
  });
});
