// A first sync whose offline policy downloads the bodies, against Dovecot: the word index
// leaves the rows whose bodies are coming (electron/search/word-index.ts), so each message
// is indexed once, with its body, and not by its headers first; a download stopped halfway
// leaves nothing unindexed (what it did not store is indexed by its headers once the run
// ends).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemorySecretStore } from '../../bench/support/memory-secret-store.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { openConnection } from '../../electron/store/open-database.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { createSyncEngine, type SyncEngine } from '../../electron/sync/sync-engine.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { generateMessage, writeMaildirMessages } from '../servers/seed.ts';
import { insertImapAccount } from '../servers/store-account.ts';

const COUNT = 600;

describe('a first sync that downloads the bodies indexes each message once', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;

  before(async () => {
    server = await startDovecot();
    writeMaildirMessages(server, 'alice', 'INBOX', { count: COUNT, message: (index) => generateMessage(index + 1) });
  });
  after(async () => {
    await server.stop();
  });

  // From a second connection, as the search sees the store.
  function read<T>(dataDir: string, work: (database: ReturnType<typeof openConnection>) => T): T {
    const database = openConnection(dataDir);
    try {
      return work(database);
    } finally {
      database.close();
    }
  }
  const waiting = (dataDir: string) => read(dataDir, (database) => Number(database.prepare('SELECT COUNT(*) AS n FROM search_text WHERE words_indexed = 0').get()?.n));
  const matching = (dataDir: string, match: string) =>
    read(dataDir, (database) => Number(database.prepare('SELECT COUNT(*) AS n FROM search_words WHERE search_words MATCH ?').get(match)?.n));
  // Every row indexed, none twice nor with text it no longer has (FTS5 holds each indexed
  // row against its search_text row), and a word of every body and every subject found.
  async function assertAllIndexedOnce(dataDir: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (waiting(dataDir) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(waiting(dataDir), 0);
    read(dataDir, (database) => {
      database.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
    });
    assert.equal(matching(dataDir, 'from_text : sender'), COUNT);
  }

  async function firstSync(onStatus: (text: string, store: Store, engine: SyncEngine, dataDir: string) => void) {
    const dataDir = makeTempDir();
    const store = openStore(dataDir.path);
    const secretStore = createMemorySecretStore();
    const account = await insertImapAccount(store, secretStore, server, 'alice');
    await store.offlinePolicy.set(account.id, { mode: 'all', days: 30 });
    const statuses: string[] = [];
    const errors: unknown[] = [];
    let ended: () => void = () => undefined;
    const downloadEnded = new Promise<void>((resolve) => {
      ended = resolve;
    });
    // Assigned before the engine reports anything: no status comes before syncAccount.
    let engine: SyncEngine | null = null;
    engine = createSyncEngine({
      store,
      secretStore,
      openImapSession,
      trustedCertificates: [server.caCertificate],
      emit: () => undefined,
      reportStatus: (status) => {
        statuses.push(status.text);
        if (engine !== null) onStatus(status.text, store, engine, dataDir.path);
        if (statuses.some((text) => text.startsWith('Downloading')) && status.text === 'Up to date') ended();
      },
      logError: (error) => {
        errors.push(error);
      },
    });
    return { dataDir, store, engine, statuses, errors, account, downloadEnded };
  }

  it('leaves the rows to their bodies, then holds every message once, found by body and headers', async () => {
    let waitingAtStart = -1;
    const run = await firstSync((text, _store, _engine, dataDir) => {
      if (text.startsWith('Downloading messages 0 of')) waitingAtStart = waiting(dataDir);
    });
    try {
      await run.engine.syncAccount(run.account.id);
      await run.downloadEnded;
      // None was indexed by its headers before its body came.
      assert.equal(waitingAtStart, COUNT);
      assert.ok(run.statuses.includes(`Downloading messages ${COUNT} of ${COUNT}`), run.statuses.join(' | '));
      assert.equal(matching(run.dataDir.path, 'body : "message number"'), COUNT);
      await assertAllIndexedOnce(run.dataDir.path);
      assert.deepEqual(run.errors, []);
    } finally {
      await run.engine.stopAll();
      run.store.close();
      run.dataDir.remove();
    }
  });

  it('indexes by their headers the messages a stopped download did not store', async () => {
    // Set from the status callback, after the first batch is stored.
    const stop: { stopping: Promise<void> | null } = { stopping: null };
    const run = await firstSync((text, _store, engine) => {
      if (stop.stopping === null && text.startsWith('Downloading messages') && !text.startsWith('Downloading messages 0 ')) {
        stop.stopping = engine.stopAll();
      }
    });
    try {
      await run.engine.syncAccount(run.account.id);
      const deadline = Date.now() + 30_000;
      while (stop.stopping === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(stop.stopping !== null, run.statuses.join(' | '));
      await stop.stopping;
      const stored = matching(run.dataDir.path, 'body : "message number"');
      assert.ok(stored > 0 && stored < COUNT, `${stored} bodies stored`);
      await assertAllIndexedOnce(run.dataDir.path);
    } finally {
      run.store.close();
      run.dataDir.remove();
    }
  });
});
