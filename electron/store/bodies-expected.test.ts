// A first sync whose download brings the bodies: the header writer's word index catch-up
// leaves the rows whose bodies are coming, each indexed once when its body is stored, and
// takes whatever is left once the download is released, or when the store opens again.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { openConnection } from './open-database.ts';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

const minute = 60_000;
const dateOf = (uid: number) => Date.UTC(2024, 0, 1) + uid * minute;

describe('word index while bodies are expected', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let accountId: string;
  let folderId: string;
  let otherFolderId: string;

  async function addFolder(owner: string): Promise<string> {
    const { folders } = await store.folders.replaceFromServer(owner, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    return folders[0]!.id;
  }

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    accountId = (await store.accounts.insert(sampleAccount())).id;
    folderId = await addFolder(accountId);
    otherFolderId = await addFolder((await store.accounts.insert(sampleAccount({ email: 'carol@example.org' }))).id);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  async function searchUids(text: string): Promise<readonly number[]> {
    const parsed = parseQuery(text);
    if (!parsed.ok || parsed.query === null) assert.fail(`${text} did not parse`);
    const found = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 50, serverHits: [] });
    return found.items.map((item) => item.uid);
  }

  async function eventuallyEqual(text: string, expected: readonly number[]): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (JSON.stringify(await searchUids(text)) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(await searchUids(text), expected);
  }

  // FTS5's integrity check holds each indexed row against its search_text row: a row indexed
  // twice, or indexed with text it no longer has, fails it. And none waits.
  function assertIndexedOnce(): void {
    const database = openConnection(dir.path);
    try {
      database.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
      assert.equal(Number(database.prepare('SELECT COUNT(*) AS n FROM search_text WHERE words_indexed = 0').get()?.n), 0);
    } finally {
      database.close();
    }
  }

  const writeFirstSync = async () => {
    const uids = Array.from({ length: 10 }, (_, index) => index + 1);
    await store.messages.upsertHeaders(
      folderId,
      uids.map((uid) => sampleHeader(uid, { subject: `Alpha ${uid}`, date: dateOf(uid) })),
      { deferSearchIndex: true },
    );
    await store.messages.upsertHeaders(otherFolderId, [sampleHeader(1, { subject: 'Beta 1' })], { deferSearchIndex: true });
    await store.messages.flushSearchIndex();
  };

  it('indexes the expected rows once, with their bodies, and the rest when released', async () => {
    // Bodies dated from uid 5 on are coming; older ones, and another account's, are not.
    const release = store.offlinePolicy.expectBodies(accountId, dateOf(5));
    await writeFirstSync();
    assert.deepEqual(await searchUids('alpha'), [4, 3, 2, 1]);
    assert.deepEqual(await searchUids('beta'), [1]);
    // A later catch-up still takes rows written since, and leaves the held among them.
    await store.messages.upsertHeaders(folderId, [sampleHeader(11, { subject: 'Alpha 11', date: dateOf(11) })], { deferSearchIndex: true });
    await store.messages.upsertHeaders(otherFolderId, [sampleHeader(2, { subject: 'Beta 2' })], { deferSearchIndex: true });
    await store.messages.flushSearchIndex();
    assert.deepEqual(await searchUids('beta'), [2, 1]);
    assert.deepEqual(await searchUids('alpha'), [4, 3, 2, 1]);

    const page = await store.messages.listPage(folderId, 0, 50);
    const idOf = (uid: number) => page?.items.find((item) => item.uid === uid)?.id ?? assert.fail(`no uid ${uid}`);
    const stored = await store.sources.storeFullBatch(
      [10, 9].map((uid) => ({ messageId: idOf(uid), source: Buffer.from(`Subject: Alpha ${uid}\r\n\r\nkumquat`), text: { body: `kumquat ${uid}`, fileNames: [] } })),
    );
    assert.equal(stored, 2);
    // Found at once by body and headers both.
    assert.deepEqual(await searchUids('kumquat'), [10, 9]);
    assert.deepEqual(await searchUids('alpha'), [10, 9, 4, 3, 2, 1]);

    // The download ended (finished, given way, failed): what it left is indexed by its headers.
    release();
    await eventuallyEqual('alpha', [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assertIndexedOnce();
  });

  it('indexes what a store closed during the download left waiting when it opens again', async () => {
    store.offlinePolicy.expectBodies(accountId, null);
    await writeFirstSync();
    assert.deepEqual(await searchUids('alpha'), []);
    store.close();
    store = openStore(dir.path);
    await eventuallyEqual('alpha', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assertIndexedOnce();
  });
});
