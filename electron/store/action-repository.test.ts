import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openConnection } from './open-database.ts';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

function folderListing(path: string, role: 'inbox' | 'trash' | 'archive' | null) {
  return { path, name: path === 'INBOX' ? 'Inbox' : path, delimiter: '/', parentPath: null, role, subscribed: true, selectable: true, messages: 0, unseen: 0 };
}

describe('action repository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let inbox: string;
  let trash: string;
  let archive: string;
  let ids: string[];
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      folderListing('INBOX', 'inbox'),
      folderListing('Trash', 'trash'),
      folderListing('Archive', 'archive'),
    ]);
    const byPath = new Map(folders.map((folder) => [folder.path, folder.id]));
    inbox = byPath.get('INBOX') ?? '';
    trash = byPath.get('Trash') ?? '';
    archive = byPath.get('Archive') ?? '';
    await store.messages.upsertHeaders(inbox, [sampleHeader(1), sampleHeader(2, { systemFlags: ['\\Seen'], keywords: ['$label1'] })]);
    const page = await store.messages.listPage(inbox, 0, 10);
    ids = (page?.items ?? []).map((item) => item.id).reverse();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('marks a message read in the cache and queues the change in the same step', async () => {
    const summary = await store.actions.enqueueFlags([ids[0] ?? ''], { seen: true }, 1000);
    assert.equal(summary.actionIds.length, 1);
    assert.deepEqual(summary.folderIds, [inbox]);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.seen, true);
    assert.equal(await store.actions.count(), 1);
    const head = await store.actions.head(summary.accountIds[0] ?? '');
    assert.equal(head?.payload.kind, 'flags');
    assert.deepEqual(head.payload.messages.map((entry) => entry.uid), [1]);
    assert.equal((await store.folders.get(inbox))?.unreadCount, 0);
  });

  it('queues nothing for messages already in the asked state', async () => {
    const summary = await store.actions.enqueueFlags([ids[1] ?? ''], { seen: true }, 1000);
    assert.deepEqual(summary.actionIds, []);
    assert.equal(await store.actions.count(), 0);
  });

  it('rolls back the whole request when one message is not there', async () => {
    await assert.rejects(store.actions.enqueueFlags([ids[0] ?? '', '999999'], { flagged: true }, 1000));
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.flagged, false);
    assert.equal(await store.actions.count(), 0);
  });

  it('reverts a refused flag change to the state the last sync saw, keywords included', async () => {
    const { actionIds } = await store.actions.enqueueFlags([ids[1] ?? ''], { seen: false, junk: true }, 1000);
    assert.deepEqual((await store.messages.get(ids[1] ?? ''))?.keywords, ['$label1', '$Junk']);
    await store.actions.revert(actionIds[0] ?? 0);
    const message = await store.messages.get(ids[1] ?? '');
    assert.equal(message?.flags.seen, true);
    assert.deepEqual(message.keywords, ['$label1']);
    assert.equal(await store.actions.count(), 0);
  });

  it('moves a deleted message to the Trash under a placeholder, then to its real UID', async () => {
    const { actionIds } = await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'trash' }, 1000);
    const moved = await store.messages.get(ids[0] ?? '');
    assert.equal(moved?.folderId, trash);
    assert.ok(moved.uid < 0);
    await store.actions.complete(actionIds[0] ?? 0, { missingUids: [], uidMap: [{ source: 1, target: 40 }] });
    const confirmed = await store.messages.get(ids[0] ?? '');
    assert.equal(confirmed?.folderId, trash);
    assert.equal(confirmed.uid, 40);
    assert.equal((await store.folders.get(trash))?.totalCount, 1);
    assert.equal((await store.folders.get(inbox))?.totalCount, 1);
  });

  it('gives a later queued action the UID the server assigned to an earlier move', async () => {
    const { accountIds } = await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'archive' }, 1000);
    await store.actions.enqueueFlags([ids[0] ?? ''], { flagged: true }, 1001);
    const first = await store.actions.head(accountIds[0] ?? '');
    await store.actions.complete(first?.id ?? 0, { missingUids: [], uidMap: [{ source: 1, target: 7 }] });
    const second = await store.actions.head(first?.accountId ?? '');
    assert.equal(second?.payload.kind, 'flags');
    assert.equal(second.payload.folderId, archive);
    assert.deepEqual(second.payload.messages.map((entry) => entry.uid), [7]);
  });

  it('keeps a message where it was when the target folder is gone (revert of a move)', async () => {
    const { actionIds } = await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'folder', folderId: archive, reason: 'move' }, 1000);
    await store.actions.revert(actionIds[0] ?? 0);
    const back = await store.messages.get(ids[0] ?? '');
    assert.equal(back?.folderId, inbox);
    assert.equal(back.uid, 1);
  });

  it('deletes for good in the Trash, and puts the row back when the server refuses', async () => {
    const first = await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'trash' }, 1000);
    await store.actions.complete(first.actionIds[0] ?? 0, { missingUids: [], uidMap: [{ source: 1, target: 3 }] });
    const second = await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'trash' }, 1001);
    assert.equal(await store.messages.get(ids[0] ?? ''), null);
    assert.equal((await store.actions.head(second.accountIds[0] ?? ''))?.payload.kind, 'expunge');
    await store.actions.revert(second.actionIds[0] ?? 0);
    const restored = await store.messages.get(ids[0] ?? '');
    assert.equal(restored?.folderId, trash);
    assert.equal(restored.uid, 3);
    assert.equal(restored.subject, 'Message 1');
  });

  it('drops the change and the cached copy of a message gone on the server', async () => {
    const { actionIds } = await store.actions.enqueueFlags([ids[0] ?? ''], { flagged: true }, 1000);
    await store.actions.complete(actionIds[0] ?? 0, { missingUids: [1], uidMap: [] });
    assert.equal(await store.messages.get(ids[0] ?? ''), null);
    assert.equal(await store.actions.count(), 0);
  });

  it('puts a queued flag back over a sync that wrote the server\'s older view', async () => {
    await store.actions.enqueueFlags([ids[0] ?? ''], { seen: true }, 1000);
    // The sync re-reads the message before the change reached the server: still unread there.
    await store.messages.upsertHeaders(inbox, [sampleHeader(1)]);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.seen, false);
    assert.deepEqual(await store.actions.reapply([inbox]), [inbox]);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.seen, true);
    assert.deepEqual(await store.actions.reapply([inbox]), []);
  });

  it('with nothing queued, answers without waiting for another connection that is writing (a header batch being committed)', async () => {
    const writer = openConnection(dir.path);
    try {
      writer.exec('BEGIN IMMEDIATE');
      // Before, this began a write transaction of its own and slept on busy_timeout (5 s)
      // until the other connection committed, then failed with "database is locked".
      assert.deepEqual(await store.actions.reapply([inbox]), []);
      writer.exec('COMMIT');
    } finally {
      writer.close();
    }
    // Queued changes are still put back.
    await store.actions.enqueueFlags([ids[0] ?? ''], { seen: true }, 1000);
    await store.messages.upsertHeaders(inbox, [sampleHeader(1)]);
    assert.deepEqual(await store.actions.reapply([inbox]), [inbox]);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.seen, true);
  });

  it('removes a copy a sync fetched again at the place a queued move takes the message from', async () => {
    await store.actions.enqueueRemoval([ids[0] ?? ''], { kind: 'archive' }, 1000);
    await store.messages.upsertHeaders(inbox, [sampleHeader(1)]);
    assert.equal((await store.messages.listPage(inbox, 0, 10))?.total, 2);
    await store.actions.reapply([inbox]);
    assert.equal((await store.messages.listPage(inbox, 0, 10))?.total, 1);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.folderId, archive);
  });

  it('keeps the queue across a restart', async () => {
    await store.actions.enqueueFlags([ids[0] ?? ''], { flagged: true }, 1000);
    store.close();
    store = openStore(dir.path);
    assert.equal(await store.actions.count(), 1);
    assert.equal((await store.messages.get(ids[0] ?? ''))?.flags.flagged, true);
  });
});
