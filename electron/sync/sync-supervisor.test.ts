import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SyncStatus } from '../../shared/domain.ts';
import type { SecretStore } from '../service/service-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount } from '../store/test-fixtures.ts';
import { createFakeImapServer, type FakeImapServer } from './fake-imap-server.ts';
import { createSyncEngine } from './sync-engine.ts';
import { createSyncSupervisor, type SyncSupervisor } from './sync-supervisor.ts';

const secrets: SecretStore = {
  get: () => Promise.resolve('s3cret'),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

async function until(check: () => boolean | Promise<boolean>, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('sync supervisor', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let server: FakeImapServer;
  let supervisor: SyncSupervisor;
  let accountId: string;
  let statuses: SyncStatus[];

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    server = createFakeImapServer();
    server.addFolder('INBOX');
    server.addFolder('Work');
    statuses = [];
    accountId = (await store.accounts.insert(sampleAccount({ secretReference: 'ref-1' }))).id;
    const shared = { store, secretStore: secrets, openImapSession: server.openImapSession, logError: (error: unknown) => { throw error; } };
    const reportStatus = (status: SyncStatus) => statuses.push(status);
    const engine = createSyncEngine({ ...shared, emit: () => undefined, reportStatus });
    supervisor = createSyncSupervisor({
      ...shared,
      engine,
      reportStatus,
      backoff: { baseMs: 40, maxMs: 80 },
      random: () => 0.5,
      pushDebounceMs: 5,
      checkIntervalMs: 60_000,
    });
  });
  afterEach(async () => {
    await supervisor.stopAll();
    store.close();
    dir.remove();
  });

  async function total(path: string): Promise<number> {
    const folder = (await store.folders.listByAccount(accountId)).find((candidate) => candidate.path === path);
    return folder?.totalCount ?? -1;
  }

  it('syncs at start, then watches the Inbox and resyncs it on a change notification', async () => {
    await supervisor.start();
    await until(() => server.watching.includes('INBOX'));
    server.append('INBOX', 3);
    server.notify('INBOX');
    await until(async () => (await total('INBOX')) === 3);
  });

  it('watches the viewed folder too, and stops when another is viewed', async () => {
    await supervisor.start();
    await until(() => server.watching.includes('INBOX'));
    const work = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'Work');
    assert.ok(work);
    await supervisor.setViewedFolder(work.id);
    await until(() => server.watching.includes('Work'));
    await supervisor.setViewedFolder(null);
    await until(() => !server.watching.includes('Work'));
    assert.deepEqual(server.watching, ['INBOX']);
  });

  it('says "Reconnecting in N s" after a dropped connection and catches up once back', async () => {
    await supervisor.start();
    await until(() => server.watching.includes('INBOX'));
    server.reachable = false;
    server.dropWatches();
    await until(() => statuses.some((status) => status.text === 'Reconnecting in 1 s' && status.state === 'offline'));
    server.append('INBOX', 2);
    server.reachable = true;
    await until(async () => (await total('INBOX')) === 2 && server.watching.includes('INBOX'));
    assert.equal(statuses.at(-1)?.text, 'Up to date');
  });

  it('works offline: no connection at start, and syncs again when switched back', async () => {
    await store.sync.setWorkOffline(true);
    await supervisor.start();
    assert.equal(await supervisor.isWorkingOffline(), true);
    assert.equal(server.openings.length, 0);
    assert.deepEqual(statuses.at(-1), { state: 'offline', text: 'Offline', accountId: null });
    server.append('INBOX', 1);
    await supervisor.setWorkOffline(false);
    await until(async () => (await total('INBOX')) === 1);
    await supervisor.setWorkOffline(true);
    assert.deepEqual(server.watching, []);
    assert.equal(await store.sync.workOffline(), true);
  });
});
