import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import type { SecretStore } from '../service/service-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount } from '../store/test-fixtures.ts';
import { createFakeImapServer, type FakeImapServer } from './fake-imap-server.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';

function memorySecrets(entries: Record<string, string>): SecretStore {
  const map = new Map(Object.entries(entries));
  return {
    get: (reference) => Promise.resolve(map.get(reference) ?? null),
    set: (reference, secret) => Promise.resolve(void map.set(reference, secret)),
    delete: (reference) => Promise.resolve(void map.delete(reference)),
  };
}

describe('sync engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let server: FakeImapServer;
  let engine: SyncEngine;
  let accountId: string;
  let statuses: SyncStatus[];
  let events: { name: EventName; payload: EventMap[EventName] }[];

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    server = createFakeImapServer();
    statuses = [];
    events = [];
    accountId = (await store.accounts.insert(sampleAccount({ secretReference: 'ref-1' }))).id;
    engine = createSyncEngine({
      store,
      secretStore: memorySecrets({ 'ref-1': 's3cret' }),
      openImapSession: server.openImapSession,
      emit: (name, payload) => events.push({ name, payload }),
      reportStatus: (status) => statuses.push(status),
      logError: (error) => {
        throw error;
      },
    });
  });
  afterEach(async () => {
    await engine.stopAll();
    store.close();
    dir.remove();
  });

  async function folderByPath(path: string) {
    const folder = (await store.folders.listByAccount(accountId)).find((candidate) => candidate.path === path);
    assert.ok(folder, `folder ${path} exists`);
    return folder;
  }

  it('syncs every subscribed folder, Inbox first, with the password from the secret store', async () => {
    server.addFolder('Archive');
    server.addFolder('INBOX');
    server.addFolder('Hidden', { subscribed: false });
    server.append('INBOX', 1200, (uid) => (uid % 3 === 0 ? ['\\Seen'] : []), (uid) => (uid % 10 === 0 ? ['$label1'] : []));
    server.append('Archive', 10, () => ['\\Seen']);
    server.append('Hidden', 4);
    await engine.syncAccount(accountId);

    assert.equal(server.openings[0]?.password, 's3cret');
    assert.deepEqual(server.fetchCalls.map((call) => call.path), ['INBOX', 'Archive']);
    const inbox = await folderByPath('INBOX');
    assert.equal(inbox.totalCount, 1200);
    assert.equal(inbox.unreadCount, 800);
    assert.equal(inbox.uidNext, 1201);
    assert.equal(inbox.uidValidity, 1);
    const hidden = await folderByPath('Hidden');
    assert.equal(hidden.totalCount, 4, 'an unsynced folder shows its STATUS counts');
    const page = await store.messages.listPage(inbox.id, 0, 20);
    assert.equal(page?.items[0]?.uid, 1200);
    assert.deepEqual(page.items[0].keywords, ['$label1']);
    assert.equal(page.items.find((item) => item.uid === 1197)?.flags.seen, true);
  });

  it('reports progress as "Syncing Inbox n of m" and ends with "Up to date"', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 1200);
    await engine.syncAccount(accountId);
    const texts = statuses.map((status) => status.text);
    assert.ok(texts.includes('Syncing Inbox 500 of 1200'), texts.join(' | '));
    assert.ok(texts.includes('Syncing Inbox 1200 of 1200'), texts.join(' | '));
    assert.deepEqual(statuses.at(-1), { state: 'idle', text: 'Up to date', accountId });
    assert.ok(events.some((event) => event.name === 'foldersChanged'));
    const inboxId = (await folderByPath('INBOX')).id;
    assert.ok(events.some((event) => event.name === 'messagesChanged' && JSON.stringify(event.payload).includes(inboxId)));
  });

  it('fetches only the mail that arrived since the last sync', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 30);
    await engine.syncAccount(accountId);
    server.append('INBOX', 5);
    await engine.syncAccount(accountId);
    assert.deepEqual(server.fetchCalls.map((call) => call.fromUid), [1, 31]);
    assert.equal((await folderByPath('INBOX')).totalCount, 35);
  });

  it('does not select a folder whose UIDNEXT has not moved', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 3);
    await engine.syncAccount(accountId);
    await engine.syncAccount(accountId);
    assert.equal(server.fetchCalls.length, 1);
  });

  it('drops the cached messages of a folder whose UIDVALIDITY changed and fetches it again', async () => {
    const folder = server.addFolder('INBOX');
    server.append('INBOX', 10);
    await engine.syncAccount(accountId);
    folder.uidValidity = 2;
    folder.messages = [];
    folder.uidNext = 1;
    server.append('INBOX', 4);
    await engine.syncAccount(accountId);
    const inbox = await folderByPath('INBOX');
    assert.equal(inbox.uidValidity, 2);
    assert.equal(inbox.totalCount, 4);
    assert.deepEqual(server.fetchCalls.at(-1), { path: 'INBOX', fromUid: 1 });
    assert.equal((await store.messages.listPage(inbox.id, 0, 100))?.total, 4);
  });

  it('removes a folder deleted on the server', async () => {
    server.addFolder('INBOX');
    server.addFolder('Old');
    server.append('Old', 2);
    await engine.syncAccount(accountId);
    server.folders.delete('Old');
    await engine.syncAccount(accountId);
    assert.deepEqual((await store.folders.listByAccount(accountId)).map((folder) => folder.path), ['INBOX']);
  });

  it('joins a second request to the sync already running for the account', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 1000);
    await Promise.all([engine.syncAccount(accountId), engine.syncAccount(accountId)]);
    assert.equal(server.openings.length, 1);
    assert.equal(server.fetchCalls.length, 1);
  });

  it('runs once more for a request made after the running sync read the server, for both waiting requests', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 1000);
    const later: { requests: Promise<unknown> | null } = { requests: null };
    server.beforeBatch = () => {
      // Mail arrives after the first run listed the folder; the requests are for it.
      if (later.requests === null) {
        server.append('INBOX', 5);
        later.requests = Promise.all([engine.syncAccount(accountId), engine.syncAccount(accountId)]);
      }
      return Promise.resolve();
    };
    await engine.syncAccount(accountId);
    await later.requests;
    assert.equal(server.openings.length, 2, 'one follow-up run, shared by both later requests');
    assert.equal((await folderByPath('INBOX')).totalCount, 1005);
  });

  it('lists folders for an account request that arrives while a single folder syncs', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 10);
    await engine.syncAccount(accountId);
    server.addFolder('Made elsewhere');
    const inbox = await folderByPath('INBOX');
    await Promise.all([engine.syncFolder(inbox.id), engine.syncAccount(accountId)]);
    assert.ok(await folderByPath('Made elsewhere'));
  });

  it('says Offline and rejects with the reason when the server cannot be reached', async () => {
    server.reachable = false;
    await assert.rejects(engine.syncAccount(accountId), (error: unknown) => error instanceof LetterboxError && error.code === 'connection-refused');
    assert.equal(statuses.at(-1)?.state, 'offline');
    assert.match(statuses.at(-1)?.text ?? '', /^Offline: imap\.example\.org refused the connection\.$/);
  });

  it('keeps the batches already written when the connection drops mid-sync, and resumes from the start next time', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 1200);
    let batches = 0;
    server.beforeBatch = () => {
      batches += 1;
      if (batches === 2) server.reachable = false;
      return Promise.resolve();
    };
    await assert.rejects(engine.syncAccount(accountId));
    const inbox = await folderByPath('INBOX');
    assert.equal((await store.messages.listPage(inbox.id, 0, 1))?.total, 500);
    assert.equal(inbox.uidNext, null, 'UIDNEXT is recorded only after a whole folder');
    server.reachable = true;
    server.beforeBatch = null;
    await engine.syncAccount(accountId);
    assert.equal((await folderByPath('INBOX')).totalCount, 1200);
  });

  it('stops a running sync when asked, without reporting it as a failure', async () => {
    server.addFolder('INBOX');
    server.append('INBOX', 2000);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.beforeBatch = () => gate;
    const running = engine.syncAccount(accountId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stopping = engine.stopAccount(accountId);
    release();
    await stopping;
    await running;
    const inbox = await folderByPath('INBOX');
    assert.equal((await store.messages.listPage(inbox.id, 0, 1))?.total, 0);
    assert.notEqual(statuses.at(-1)?.state, 'error');
  });

  it('syncs one folder on request', async () => {
    server.addFolder('INBOX');
    server.addFolder('Work');
    await engine.syncAccount(accountId);
    server.append('Work', 3);
    await engine.syncFolder((await folderByPath('Work')).id);
    assert.equal((await folderByPath('Work')).totalCount, 3);
    assert.deepEqual(server.fetchCalls.at(-1), { path: 'Work', fromUid: 1 });
  });
});
