import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';

describe('keyword repository and keyword actions', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let inbox: string;
  let accountId: string;
  let ids: string[];

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    accountId = (await store.accounts.insert(sampleAccount())).id;
    const { folders } = await store.folders.replaceFromServer(accountId, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    inbox = folders[0]?.id ?? '';
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { keywords: ['$Labelwork', 'OtherClient'] }),
      sampleHeader(2, { keywords: ['$Junk'] }),
    ]);
    ids = ((await store.messages.listPage(inbox, 0, 10))?.items ?? []).map((item) => item.id).sort();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('lists the five common keywords, then keywords only other clients set, never protocol keywords', async () => {
    const listed = await store.keywords.list();
    assert.deepEqual(listed.map((keyword) => [keyword.label, keyword.defined]), [
      ['Important', true], ['Work', true], ['Personal', true], ['To Do', true], ['Later', true], ['OtherClient', false],
    ]);
  });

  it('refuses a second keyword with the same atom or label', async () => {
    await store.keywords.create('Mine', 'Mine', '#000000', 1);
    await assert.rejects(store.keywords.create('mine', 'other', '#000000', 2), /exists already/);
    await assert.rejects(store.keywords.create('Other', 'MINE', '#000000', 2), /exists already/);
  });

  it('finds messages by any spelling of a keyword, and removes every spelling in one queued change', async () => {
    assert.deepEqual(await store.keywords.messagesCarrying('$label2'), [ids[0]]);
    await store.actions.enqueueKeywords([ids[0] ?? ''], [], ['$label2', '$Labelwork'], 1);
    assert.deepEqual((await store.messages.get(ids[0] ?? ''))?.keywords, ['OtherClient']);
    const head = await store.actions.head(accountId);
    assert.equal(head?.payload.kind, 'keywords');
    // Refused by the server: the keywords come back as they were.
    await store.actions.revert(head.id);
    assert.deepEqual((await store.messages.get(ids[0] ?? ''))?.keywords, ['$Labelwork', 'OtherClient']);
  });

  it('keeps a keyword the server could not store on the message and marks it local only', async () => {
    await store.keywords.create('Mine', 'Mine', '#000000', 1);
    const { actionIds } = await store.actions.enqueueKeywords([ids[1] ?? ''], ['Mine'], [], 1);
    await store.actions.complete(actionIds[0] ?? 0, { missingUids: [], uidMap: [], keptLocal: ['Mine'] });
    assert.equal((await store.keywords.get('Mine'))?.localOnly, true);
    // A sync writing the server's flags keeps it.
    await store.messages.upsertHeaders(inbox, [sampleHeader(2, { keywords: ['$Junk'] })]);
    assert.deepEqual((await store.messages.get(ids[1] ?? ''))?.keywords, ['$Junk', 'Mine']);
    await store.actions.enqueueKeywords([ids[1] ?? ''], [], ['Mine'], 2);
    await store.messages.upsertHeaders(inbox, [sampleHeader(2, { keywords: ['$Junk'] })]);
    assert.deepEqual((await store.messages.get(ids[1] ?? ''))?.keywords, ['$Junk']);
  });
});
