import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ConversationPage } from '../../shared/threads/thread-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';

function folder(path: string, role: 'inbox' | 'sent' | 'trash' | null) {
  return { path, name: path, delimiter: '/', parentPath: null, role, subscribed: true, selectable: true, messages: 0, unseen: 0 };
}

// "subject(uid)" per row, members indented, so a whole page reads as one string.
function outline(page: ConversationPage | null): string {
  return (page?.items ?? []).map((row) => `${row.thread.member ? '  ' : ''}${row.subject}(${row.uid})[${row.thread.size}]`).join(' | ');
}

describe('threads and the conversation view', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let inbox: string;
  let sent: string;
  let trash: string;
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [folder('INBOX', 'inbox'), folder('Sent', 'sent'), folder('Trash', 'trash')]);
    [inbox, sent, trash] = ['INBOX', 'Sent', 'Trash'].map((path) => folders.find((entry) => entry.path === path)!.id) as [string, string, string];
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  async function threadIds(): Promise<ReadonlyMap<number, string>> {
    const heads = await store.conversations.listPage(inbox, 0, 100, []);
    const page = await store.conversations.listPage(inbox, 0, 100, (heads?.items ?? []).map((row) => row.thread.id));
    const ids = new Map<number, string>();
    for (const row of page?.items ?? []) ids.set(row.uid, row.thread.id);
    return ids;
  }

  it('groups by References and In-Reply-To across folders, whatever order the messages arrive in', async () => {
    // The reply's reply arrives first and names only its parent; the parent comes last.
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(3, { messageId: '<c@x>', subject: 'Re: Plan', inReplyTo: 'b@x', references: ['a@x', 'b@x'] }),
      sampleHeader(9, { messageId: '<z@x>', subject: 'Unrelated', references: [] }),
    ]);
    await store.messages.upsertHeaders(sent, [sampleHeader(2, { messageId: '<b@x>', subject: 'Re: Plan', inReplyTo: 'a@x', references: ['a@x'] })]);
    await store.messages.upsertHeaders(inbox, [sampleHeader(1, { messageId: '<a@x>', subject: 'Plan', references: [] })]);
    const page = await store.conversations.listPage(inbox, 0, 100, []);
    assert.equal(outline(page), 'Unrelated(9)[1] | Re: Plan(3)[3]');
    const planThread = page?.items[1]?.thread.id ?? '';
    const open = await store.conversations.listPage(inbox, 0, 100, [planThread]);
    assert.equal(outline(open), 'Unrelated(9)[1] | Re: Plan(3)[3] |   Plan(1)[3] |   Re: Plan(2)[3]');
    assert.equal(open?.total, 4);
    assert.equal(open.items[3]?.thread.folderName, 'Sent', 'the reply from Sent says where it is');
    assert.equal(open.items[2]?.thread.folderName, null);
  });

  it('names the conversation\'s senders once each, in the order they first wrote', async () => {
    const carol = { name: 'Carol', address: 'carol@x' };
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { messageId: '<a@x>', subject: 'Plan', references: [], from: carol }),
      sampleHeader(3, { messageId: '<c@x>', subject: 'Re: Plan', references: ['a@x', 'b@x'], from: { name: 'CAROL', address: 'Carol@x' } }),
      sampleHeader(4, { messageId: '<z@x>', subject: 'Alone', references: [], from: null }),
    ]);
    await store.messages.upsertHeaders(sent, [sampleHeader(2, { messageId: '<b@x>', subject: 'Re: Plan', references: ['a@x'], from: { name: 'Me', address: 'me@x' } })]);
    const page = await store.conversations.listPage(inbox, 0, 100, []);
    assert.deepEqual(page?.items.map((row) => row.thread.participants.map((person) => person.name)), [[], ['Carol', 'Me']]);
  });

  it('joins two threads when a later message references both', async () => {
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { messageId: '<a@x>', subject: 'One', references: [] }),
      sampleHeader(2, { messageId: '<b@x>', subject: 'Two', references: [] }),
    ]);
    const before = await threadIds();
    assert.notEqual(before.get(1), before.get(2));
    await store.messages.upsertHeaders(inbox, [sampleHeader(3, { messageId: '<c@x>', subject: 'Re: both', references: ['a@x', 'b@x'] })]);
    const after = await threadIds();
    assert.equal(new Set([...after.values()]).size, 1);
  });

  it('falls back to the subject only for a reply without References or In-Reply-To', async () => {
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { messageId: '<a@x>', subject: 'Invoice', references: [] }),
      sampleHeader(2, { messageId: '<b@x>', subject: 'Invoice', references: [] }),
    ]);
    const apart = await threadIds();
    assert.notEqual(apart.get(1), apart.get(2), 'two messages that only share a subject stay apart');
    await store.messages.upsertHeaders(inbox, [sampleHeader(3, { messageId: '<c@x>', subject: 'RE: invoice', references: [] })]);
    const joined = await threadIds();
    assert.equal(joined.get(3), joined.get(2), 'the reply joins the latest thread of its subject');
  });

  it('gathers earlier subject-only replies when their original arrives', async () => {
    await store.messages.upsertHeaders(inbox, [sampleHeader(2, { messageId: '<b@x>', subject: 'Re: Party', references: [] })]);
    await store.messages.upsertHeaders(inbox, [sampleHeader(1, { messageId: '<a@x>', subject: 'Party', references: [] })]);
    const ids = await threadIds();
    assert.equal(ids.get(1), ids.get(2));
  });

  it('leaves Trash out of a conversation listed elsewhere, but not out of the Trash', async () => {
    await store.messages.upsertHeaders(inbox, [sampleHeader(1, { messageId: '<a@x>', subject: 'Plan', references: [] })]);
    await store.messages.upsertHeaders(trash, [sampleHeader(2, { messageId: '<b@x>', subject: 'Re: Plan', references: ['a@x'] })]);
    const page = await store.conversations.listPage(inbox, 0, 10, []);
    assert.equal(outline(page), 'Plan(1)[1]');
    const inTrash = await store.conversations.listPage(trash, 0, 10, [page?.items[0]?.thread.id ?? '']);
    assert.equal(outline(inTrash), 'Re: Plan(2)[2] |   Plan(1)[2]');
  });

  it('pages through heads and members in one order', async () => {
    const headers = Array.from({ length: 30 }, (_, index) =>
      sampleHeader(index + 1, { messageId: `<m${index}@x>`, subject: `Topic ${index % 10}`, references: index >= 10 ? [`m${index % 10}@x`] : [] }),
    );
    await store.messages.upsertHeaders(inbox, headers);
    const all = await store.conversations.listPage(inbox, 0, 100, []);
    assert.equal(all?.total, 10);
    const expanded = all.items.map((row) => row.thread.id);
    const whole = await store.conversations.listPage(inbox, 0, 100, expanded);
    assert.equal(whole?.total, 30);
    const paged = [];
    for (let offset = 0; offset < 30; offset += 7) paged.push(...((await store.conversations.listPage(inbox, offset, 7, expanded))?.items ?? []));
    assert.deepEqual(paged.map((row) => row.id), whole.items.map((row) => row.id));
  });

  // The row order is kept between pages (conversation-order.ts); any write must drop it.
  it('shows a change made after a page was listed, by the header writer or by this connection', async () => {
    await store.messages.upsertHeaders(inbox, [sampleHeader(1, { messageId: '<a@x>', subject: 'Plan', date: 1000 }), sampleHeader(2, { messageId: '<b@x>', subject: 'Other', date: 2000 })]);
    assert.equal(outline(await store.conversations.listPage(inbox, 0, 10, [])), 'Other(2)[1] | Plan(1)[1]');
    await store.messages.upsertHeaders(inbox, [sampleHeader(3, { messageId: '<c@x>', subject: 'Re: Plan', references: ['a@x'], date: 3000 })]);
    assert.equal(outline(await store.conversations.listPage(inbox, 0, 10, [])), 'Re: Plan(3)[2] | Other(2)[1]');
    assert.equal(await store.messages.removeAllInFolder(inbox), 3);
    assert.equal((await store.conversations.listPage(inbox, 0, 10, []))?.total, 0);
  });

  it('answers null for a folder that does not exist', async () => {
    assert.equal(await store.conversations.listPage('999', 0, 10, []), null);
    assert.equal(await store.conversations.messageIdsOf('999', ['1']), null);
  });

  it('gives a conversation\'s messages in the listed folder only, for a list action on its row', async () => {
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { messageId: '<a@x>', subject: 'Plan', references: [] }),
      sampleHeader(3, { messageId: '<c@x>', subject: 'Re: Plan', references: ['a@x', 'b@x'] }),
      sampleHeader(9, { messageId: '<z@x>', subject: 'Unrelated', references: [] }),
    ]);
    await store.messages.upsertHeaders(sent, [sampleHeader(2, { messageId: '<b@x>', subject: 'Re: Plan', references: ['a@x'] })]);
    const page = await store.conversations.listPage(inbox, 0, 100, []);
    const [unrelated, plan] = page?.items ?? [];
    assert.ok(unrelated && plan);
    const uidOf = new Map((await store.messages.listPage(inbox, 0, 100))?.items.map((row) => [row.id, row.uid]) ?? []);
    const uids = (answer: Awaited<ReturnType<Store['conversations']['messageIdsOf']>>) =>
      new Map(answer?.map((entry) => [entry.threadId, entry.messageIds.map((id) => uidOf.get(id) ?? id)]));
    assert.deepEqual(uids(await store.conversations.messageIdsOf(inbox, [plan.thread.id])), new Map([[plan.thread.id, [1, 3]]]), 'the reply in Sent stays out');
    assert.deepEqual(
      uids(await store.conversations.messageIdsOf(inbox, [plan.thread.id, unrelated.thread.id, '123456'])),
      new Map([[plan.thread.id, [1, 3]], [unrelated.thread.id, [9]]]),
    );
    const sentId = (await store.messages.listPage(sent, 0, 10))?.items[0]?.id;
    assert.deepEqual(await store.conversations.messageIdsOf(sent, [plan.thread.id]), [{ threadId: plan.thread.id, messageIds: [sentId] }]);
  });
});
