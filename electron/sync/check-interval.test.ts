// Settings → Sync: the interval the user sets per account is what the supervisor waits
// between checks of the folders not watched with IDLE, and a change re-arms the wait.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { SecretStore } from '../service/service-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount } from '../store/test-fixtures.ts';
import { createFakeImapServer } from './fake-imap-server.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';
import { createSyncSupervisor, type SyncSupervisor } from './sync-supervisor.ts';

const secrets: SecretStore = {
  get: () => Promise.resolve('s3cret'),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

// Timers are mocked, so waiting goes through setImmediate.
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000; turn += 1) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail('condition not met');
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 200; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('check interval', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let supervisor: SyncSupervisor;
  let accountId: string;
  let checks: number;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    dir = makeTempDir();
    store = openStore(dir.path);
    const server = createFakeImapServer();
    server.addFolder('INBOX');
    accountId = (await store.accounts.insert(sampleAccount({ secretReference: 'ref-1' }))).id;
    const shared = { store, secretStore: secrets, openImapSession: server.openImapSession, logError: (error: unknown) => { throw error; } };
    const engine = createSyncEngine({ ...shared, emit: () => undefined, reportStatus: () => undefined });
    checks = 0;
    const counting: SyncEngine = {
      ...engine,
      syncAccount(id) {
        checks += 1;
        return engine.syncAccount(id);
      },
    };
    // No checkIntervalMs: the stored per-account interval decides.
    supervisor = createSyncSupervisor({ ...shared, engine: counting, reportStatus: () => undefined });
  });

  afterEach(async () => {
    mock.timers.reset();
    await supervisor.stopAll();
    store.close();
    dir.remove();
  });

  it('checks again after the stored interval, and after a new one as soon as it is set', async () => {
    await store.sync.setCheckIntervalSeconds(accountId, 120);
    supervisor.startAccount(accountId);
    await until(() => checks === 1);
    await settle();

    mock.timers.tick(119_000);
    await settle();
    assert.equal(checks, 1, 'not before two minutes');
    mock.timers.tick(1_000);
    await until(() => checks === 2);
    await settle();

    // Settings → Sync sets one minute: the wait already running is replaced.
    await store.sync.setCheckIntervalSeconds(accountId, 60);
    supervisor.rescheduleCheck(accountId);
    await settle();
    mock.timers.tick(60_000);
    await until(() => checks === 3);
  });
});
