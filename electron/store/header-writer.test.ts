import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { createHeaderWriter, HeaderWriteError, type HeaderWriter } from './header-writer.ts';
import { databaseFileName } from './open-database.ts';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

describe('header writer', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let writer: HeaderWriter;
  let folderId: string;
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    writer = createHeaderWriter(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    folderId = folders[0]!.id;
  });
  afterEach(() => {
    writer.close();
    store.close();
    dir.remove();
  });

  it('has committed when the write resolves, search index included', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1), sampleHeader(2, { subject: 'Quarterly figures' })]);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.deepEqual(page?.items.map((item) => item.subject), ['Quarterly figures', 'Message 1']);
    // The same triggers ran there: the search index has the new text.
    const parsed = parseQuery('quarterly');
    if (!parsed.ok || parsed.query === null) assert.fail('the query did not parse');
    const found = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
    assert.deepEqual(found.items.map((item) => item.uid), [2]);
  });

  async function searchUids(text: string): Promise<readonly number[]> {
    const parsed = parseQuery(text);
    if (!parsed.ok || parsed.query === null) assert.fail(`${text} did not parse`);
    const found = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
    return found.items.map((item) => item.uid);
  }

  it('lists deferred batches at once and indexes them for search when the writes stop, or when asked', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1, { subject: 'Deferred minutes' })], { deferSearchIndex: true });
    assert.equal((await store.messages.listPage(folderId, 0, 10))?.total, 1);
    // Caught up on its own, without a flush.
    const deadline = Date.now() + 10_000;
    while ((await searchUids('deferred')).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await searchUids('deferred'), [1]);
    await writer.upsertHeaders(folderId, [sampleHeader(2, { subject: 'Deferred agenda' })], { deferSearchIndex: true });
    await writer.flushSearchIndex();
    assert.deepEqual(await searchUids('agenda'), [2]);
  });

  it('holds the catch-up while a header sync is under way, a flush included, and runs it at the release', async () => {
    const endSync = writer.beginHeaderSync(true);
    await writer.upsertHeaders(folderId, [sampleHeader(1, { subject: 'Held minutes' })], { deferSearchIndex: true });
    let flushed = false;
    const flush = writer.flushSearchIndex().then(() => {
      flushed = true;
    });
    // Ten times the pause after which the writes are caught up when no sync holds them.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(flushed, false, 'the flush waits for the sync');
    assert.deepEqual(await searchUids('held'), [], 'listed, not yet in the word index');
    assert.equal((await store.messages.listPage(folderId, 0, 10))?.total, 1);
    endSync();
    endSync();
    await flush;
    assert.deepEqual(await searchUids('held'), [1]);
    // A second sync after the first holds it again; a write that does not defer is indexed at once.
    const endSecond = writer.beginHeaderSync(false);
    await writer.upsertHeaders(folderId, [sampleHeader(2, { subject: 'Inline agenda' })]);
    assert.deepEqual(await searchUids('agenda'), [2]);
    endSecond();
  });

  it('stores downloaded sources with their text on its thread, and says how many it stored', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1), sampleHeader(2)]);
    const page = await store.messages.listPage(folderId, 0, 10);
    const ids = page?.items.map((item) => item.id) ?? [];
    const stored = await writer.storeFullBatch([
      ...ids.map((messageId, index) => ({ messageId, source: Buffer.from(`Subject: s${index}\r\n\r\nbody ${index}`), text: { body: `kumquat number ${index}`, fileNames: [] } })),
      { messageId: '9999', source: Buffer.from('gone meanwhile') },
    ]);
    assert.equal(stored, 2);
    assert.equal((await store.sources.get(ids[0] ?? ''))?.toString(), 'Subject: s0\r\n\r\nbody 0');
    assert.deepEqual([...(await searchUids('kumquat'))].sort(), [1, 2]);
  });

  it('assembles a large source from its chunks on its thread, stores it with its text, and stores nothing when aborted', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1), sampleHeader(2)]);
    const page = await store.messages.listPage(folderId, 0, 10);
    const first = page?.items.find((item) => item.uid === 1)?.id;
    const second = page?.items.find((item) => item.uid === 2)?.id;
    assert.ok(first !== undefined && second !== undefined);
    const source = Buffer.from(`Subject: large\r\nContent-Type: text/plain\r\n\r\n${'a persimmon line\r\n'.repeat(20_000)}`);
    const upload = writer.beginLargeSource(first);
    // Chunks that share their memory with other bytes, as imapflow's may.
    const shared = Buffer.concat([Buffer.from('before'), source, Buffer.from('after')]);
    for (let at = 0; at < source.length; at += 65_536) upload.append(shared.subarray(6 + at, 6 + Math.min(source.length, at + 65_536)));
    const aborted = writer.beginLargeSource(second);
    // A chunk with memory of its own moves to the thread: the caller gives it up.
    const given = Buffer.from(source);
    aborted.append(given);
    assert.equal(given.length, 0, 'the chunk was handed over, not copied');
    aborted.abort();
    assert.equal(await upload.commit(), true);
    assert.deepEqual(await store.sources.get(first), source);
    assert.equal(await store.sources.get(second), null);
    assert.deepEqual(
      (await store.messages.listPage(folderId, 0, 10))?.items.map((item) => [item.uid, item.bodyState]).sort(),
      [
        [1, 'full'],
        [2, 'headers'],
      ],
    );
    // Its text was read on a body text thread and is in the index.
    assert.deepEqual(await searchUids('persimmon'), [1]);
    const gone = writer.beginLargeSource('9999');
    gone.append(Buffer.from(source));
    assert.equal(await gone.commit(), false, 'a message deleted meanwhile is not stored');
    await assert.rejects(gone.commit(), /already ended/);
  });

  it('updates what is there and keeps writes in the order they were asked for', async () => {
    const writes = [
      writer.upsertHeaders(folderId, [sampleHeader(1)]),
      writer.upsertHeaders(folderId, [sampleHeader(1, { systemFlags: ['\\Seen'] })]),
      writer.upsertHeaders(folderId, [sampleHeader(1, { systemFlags: ['\\Flagged'] })]),
    ];
    await Promise.all(writes);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.equal(page?.total, 1);
    assert.deepEqual(page.items[0]?.flags, { seen: false, flagged: true, answered: false, draft: false, deleted: false });
  });

  it('rejects a write the store refuses, with the reason, and goes on writing', async () => {
    await assert.rejects(writer.upsertHeaders('9999', [sampleHeader(1)]), (error: unknown) => {
      assert.ok(error instanceof HeaderWriteError);
      assert.match(error.message, /FOREIGN KEY/i);
      return true;
    });
    await writer.upsertHeaders(folderId, [sampleHeader(7)]);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.deepEqual(page?.items.map((item) => item.uid), [7]);
  });

  it('has closed its connection when close returns, so the last one to close folds the WAL into the file', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1)]);
    writer.close();
    store.close();
    assert.equal(existsSync(join(dir.path, `${databaseFileName}-wal`)), false);
    const reopened = openStore(dir.path);
    try {
      assert.equal((await reopened.messages.listPage(folderId, 0, 10))?.total, 1);
    } finally {
      reopened.close();
    }
  });

  it('refuses writes once closed', async () => {
    await writer.upsertHeaders(folderId, [sampleHeader(1)]);
    writer.close();
    await assert.rejects(writer.upsertHeaders(folderId, [sampleHeader(2)]), /closed/);
  });
});
