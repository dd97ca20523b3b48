import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { fetchLargeSource, fetchesInRanges, largeSourceBytes, sourceChunkBytes } from './large-source.ts';

// A server's answer in ranges of the asked size; failAfter: the connection drops after that many.
function rangedSession(source: Buffer | null, failAfter = Infinity): Pick<ImapSession, 'fetchSourceChunks'> & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    fetchSourceChunks(_path, _uid, _uidValidity, chunkBytes, onChunk) {
      asked.push(chunkBytes);
      if (source === null) return Promise.resolve(false);
      for (let at = 0, count = 0; at < source.length; at += chunkBytes, count += 1) {
        if (count >= failAfter) return Promise.reject(new Error('Connection closed'));
        onChunk(Buffer.from(source.subarray(at, at + chunkBytes)));
      }
      return Promise.resolve(true);
    },
  };
}

describe('large sources in ranges', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let messageId: string;
  let folderId: string;
  // Over two ranges, a word in its text, its end not on a range boundary.
  const source = Buffer.from(`Subject: big\r\nContent-Type: text/plain\r\n\r\n${'a quince and a medlar\r\n'.repeat(Math.ceil((sourceChunkBytes * 2.5) / 22))}`);

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    folderId = folders[0]?.id ?? '';
    await store.messages.upsertHeaders(folderId, [sampleHeader(1, { size: source.length })]);
    messageId = (await store.messages.listPage(folderId, 0, 1))?.items[0]?.id ?? '';
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const target = () => ({ messageId, folderPath: 'INBOX', uid: 1, uidValidity: 7 });
  const bodyState = async () => (await store.messages.listPage(folderId, 0, 1))?.items[0]?.bodyState;

  it('is only for messages over the threshold, on connections that fetch ranges', () => {
    assert.equal(fetchesInRanges(rangedSession(source), largeSourceBytes + 1), true);
    assert.equal(fetchesInRanges(rangedSession(source), largeSourceBytes), false);
    assert.equal(fetchesInRanges({}, largeSourceBytes + 1), false);
  });

  it('stores the ranges as the whole source, with its text, once committed', async () => {
    const session = rangedSession(source);
    const upload = await fetchLargeSource(session, store.sources, target());
    assert.ok(upload);
    assert.deepEqual(session.asked, [sourceChunkBytes]);
    assert.equal(await bodyState(), 'headers', 'nothing is stored before the commit');
    assert.equal(await upload.commit(), true);
    assert.equal(await bodyState(), 'full');
    assert.ok((await store.sources.get(messageId))?.equals(source), 'byte for byte');
    const parsed = parseQuery('medlar');
    if (!parsed.ok || parsed.query === null) assert.fail('the query did not parse');
    const found = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 5, serverHits: [] });
    assert.deepEqual(
      found.items.map((item) => item.uid),
      [1],
    );
  });

  it('stores nothing when the connection fails midway, and the next try stores it whole', async () => {
    await assert.rejects(fetchLargeSource(rangedSession(source, 1), store.sources, target()), /Connection closed/);
    assert.equal(await bodyState(), 'headers');
    assert.equal(await store.sources.get(messageId), null);
    const upload = await fetchLargeSource(rangedSession(source), store.sources, target());
    assert.equal(await upload?.commit(), true);
    assert.ok((await store.sources.get(messageId))?.equals(source));
  });

  it('says when the message is gone on the server, storing nothing', async () => {
    assert.equal(await fetchLargeSource(rangedSession(null), store.sources, target()), null);
    assert.equal(await bodyState(), 'headers');
  });
});
