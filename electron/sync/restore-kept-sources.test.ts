import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { bodyTextOf } from '../search/body-text.ts';
import { restoreKeptSources } from './restore-kept-sources.ts';

function source(messageId: string, body: string): Buffer {
  return Buffer.from(`Message-ID: ${messageId}\r\nSubject: kept\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`);
}

describe('restoring sources kept across a UIDVALIDITY change', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let folderId: string;

  async function bodySearch(word: string): Promise<readonly string[]> {
    const parsed = parseQuery(word);
    assert.ok(parsed.ok && parsed.query !== null);
    const page = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
    return page.items.map((item) => `${item.uid} ${item.bodyState}`);
  }

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    folderId = folders[0]!.id;
    await store.messages.upsertHeaders(folderId, [sampleHeader(1), sampleHeader(2)]);
    const page = await store.messages.listPage(folderId, 0, 10);
    for (const item of page!.items) {
      const raw = source(item.messageId!, item.uid === 1 ? 'the zanzibar itinerary' : 'a quokka sighting');
      await store.sources.storeFull(item.id, raw, await bodyTextOf(raw));
    }
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('gives the sources back by Message-ID and indexes their text, so search finds them again', async () => {
    assert.deepEqual(await bodySearch('zanzibar'), ['1 full']);
    assert.deepEqual(await store.sync.keepSourcesAndClear(folderId), { kept: 2, removed: 2 });
    assert.deepEqual(await bodySearch('zanzibar'), []);
    // The rebuilt folder: the same two messages under new UIDs, and one that is new.
    await store.messages.upsertHeaders(folderId, [
      sampleHeader(11, { messageId: '<m1@example.org>' }),
      sampleHeader(12, { messageId: '<m2@example.org>' }),
      sampleHeader(13, { messageId: '<m3@example.org>' }),
    ]);

    assert.equal(await restoreKeptSources(store, folderId), 2);

    assert.deepEqual(await bodySearch('zanzibar'), ['11 full']);
    assert.deepEqual(await bodySearch('quokka'), ['12 full']);
    // Indexed in the transaction that stored each source: nothing is left for the later pass.
    assert.deepEqual(await store.search.listPendingBodies(10), []);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.deepEqual(page!.items.map((item) => `${item.uid} ${item.bodyState}`).sort(), ['11 full', '12 full', '13 headers']);
    assert.deepEqual(await store.sync.listKept(folderId), []);
  });

  it('drops kept sources whose message did not come back', async () => {
    await store.sync.keepSourcesAndClear(folderId);
    await store.messages.upsertHeaders(folderId, [sampleHeader(21, { messageId: '<other@example.org>' })]);
    assert.equal(await restoreKeptSources(store, folderId), 0);
    assert.deepEqual(await store.sync.listKept(folderId), []);
    assert.deepEqual(await bodySearch('zanzibar'), []);
  });
});
