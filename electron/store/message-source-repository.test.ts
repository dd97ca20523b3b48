import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

describe('message source repository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let messageId: string;
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    await store.messages.upsertHeaders(folders[0]!.id, [sampleHeader(1)]);
    messageId = (await store.messages.listPage(folders[0]!.id, 0, 1))!.items[0]!.id;
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('stores the raw source byte for byte and marks the message full', async () => {
    const source = Buffer.from([0x53, 0x75, 0x62, 0x6a, 0x00, 0xff, 0x0d, 0x0a]);
    assert.equal(await store.sources.storeFull(messageId, source), true);
    assert.deepEqual(await store.sources.get(messageId), source);
    assert.equal((await store.messages.get(messageId))?.bodyState, 'full');
  });

  it('keeps the source after the store is closed and opened again', async () => {
    await store.sources.storeFull(messageId, Buffer.from('Subject: hi\r\n\r\nbody'));
    store.close();
    store = openStore(dir.path);
    assert.equal((await store.sources.get(messageId))?.toString(), 'Subject: hi\r\n\r\nbody');
  });

  it('stores nothing for a message that does not exist', async () => {
    assert.equal(await store.sources.storeFull('424242', Buffer.from('x')), false);
    assert.equal(await store.sources.get('424242'), null);
  });
});
