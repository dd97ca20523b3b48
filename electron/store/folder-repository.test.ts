import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FolderListing } from './folder-repository.ts';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

function listing(path: string, overrides: Partial<FolderListing> = {}): FolderListing {
  const parts = path.split('/');
  return {
    path,
    name: parts[parts.length - 1]!,
    delimiter: '/',
    parentPath: parts.length > 1 ? parts.slice(0, -1).join('/') : null,
    role: path === 'INBOX' ? 'inbox' : null,
    subscribed: true,
    selectable: true,
    messages: 5,
    unseen: 2,
    ...overrides,
  };
}

describe('folder repository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let accountId: string;
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    accountId = (await store.accounts.insert(sampleAccount())).id;
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('links each folder to its parent by path and starts new folders at their STATUS counts', async () => {
    const { folders } = await store.folders.replaceFromServer(accountId, [listing('INBOX'), listing('Work'), listing('Work/Projects')]);
    const byPath = new Map(folders.map((folder) => [folder.path, folder]));
    assert.equal(byPath.get('Work/Projects')?.parentId, byPath.get('Work')?.id);
    assert.equal(byPath.get('Work')?.parentId, null);
    assert.equal(byPath.get('INBOX')?.role, 'inbox');
    assert.equal(byPath.get('INBOX')?.unreadCount, 2);
    assert.equal(byPath.get('INBOX')?.totalCount, 5);
  });

  it('deletes folders gone from the server with their messages and keeps the ids of the others', async () => {
    const first = await store.folders.replaceFromServer(accountId, [listing('INBOX'), listing('Old')]);
    const old = first.folders.find((folder) => folder.path === 'Old')!;
    await store.messages.upsertHeaders(old.id, [sampleHeader(1)]);
    const second = await store.folders.replaceFromServer(accountId, [listing('INBOX', { subscribed: false })]);
    assert.deepEqual(second.removedFolderIds, [old.id]);
    assert.deepEqual(second.folders.map((folder) => folder.path), ['INBOX']);
    assert.equal(second.folders[0]?.id, first.folders[0]?.id);
    assert.equal(second.folders[0]?.subscribed, false);
    assert.equal(await store.messages.get('1'), null);
  });

  it('counts unread and total from the cached messages', async () => {
    const { folders } = await store.folders.replaceFromServer(accountId, [listing('INBOX')]);
    const inbox = folders[0]!;
    await store.messages.upsertHeaders(inbox.id, [
      sampleHeader(1, { systemFlags: ['\\Seen'] }),
      sampleHeader(2),
      sampleHeader(3, { systemFlags: ['\\Flagged'] }),
    ]);
    assert.deepEqual(await store.folders.refreshCounts(inbox.id), { unread: 2, total: 3 });
    const stored = await store.folders.get(inbox.id);
    assert.equal(stored?.unreadCount, 2);
    assert.equal(stored.totalCount, 3);
  });

  it('keeps the UIDVALIDITY and UIDNEXT sync needs', async () => {
    const { folders } = await store.folders.replaceFromServer(accountId, [listing('INBOX')]);
    await store.folders.setSyncState(folders[0]!.id, { uidValidity: 42, uidNext: 100, highestModseq: '9000' });
    const stored = await store.folders.get(folders[0]!.id);
    assert.equal(stored?.uidValidity, 42);
    assert.equal(stored.uidNext, 100);
    assert.equal(stored.highestModseq, '9000');
  });
});
