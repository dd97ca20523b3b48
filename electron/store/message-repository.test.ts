import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { databaseFileName } from './open-database.ts';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

describe('message repository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let folderId: string;
  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    folderId = folders[0]!.id;
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('lists messages newest first with their flags, keywords and addresses', async () => {
    await store.messages.upsertHeaders(folderId, [
      sampleHeader(1, { systemFlags: ['\\Seen', '\\Answered'], keywords: ['$Forwarded'] }),
      sampleHeader(3, { systemFlags: ['\\FLAGGED'], keywords: ['$label1', 'work'], hasAttachments: true }),
      sampleHeader(2),
    ]);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.equal(page?.total, 3);
    assert.deepEqual(page.items.map((item) => item.uid), [3, 2, 1]);
    const [newest, , oldest] = page.items;
    assert.deepEqual(newest?.flags, { seen: false, flagged: true, answered: false, draft: false, deleted: false });
    assert.deepEqual(newest.keywords, ['$label1', 'work']);
    assert.equal(newest.hasAttachments, true);
    assert.deepEqual(oldest?.flags, { seen: true, flagged: false, answered: true, draft: false, deleted: false });
    assert.deepEqual(oldest.from, { name: 'Bob', address: 'bob@example.org' });
    assert.equal(oldest.bodyState, 'headers');
    assert.equal(oldest.folderId, folderId);
  });

  it('updates a message in place when the same UID arrives again', async () => {
    await store.messages.upsertHeaders(folderId, [sampleHeader(1)]);
    await store.messages.upsertHeaders(folderId, [sampleHeader(1, { systemFlags: ['\\Seen'], keywords: ['done'] })]);
    const page = await store.messages.listPage(folderId, 0, 10);
    assert.equal(page?.total, 1);
    assert.equal(page.items[0]?.flags.seen, true);
    assert.deepEqual(page.items[0].keywords, ['done']);
  });

  it('returns one message with cc, reply-to and where it lives on the server', async () => {
    await store.messages.upsertHeaders(folderId, [
      sampleHeader(7, { cc: [{ name: 'Carol', address: 'carol@example.org' }], replyTo: [{ name: '', address: 'list@example.org' }] }),
    ]);
    await store.folders.setSyncState(folderId, { uidValidity: 5, uidNext: 8, highestModseq: null });
    const id = (await store.messages.listPage(folderId, 0, 1))!.items[0]!.id;
    const message = await store.messages.get(id);
    assert.deepEqual(message?.cc, [{ name: 'Carol', address: 'carol@example.org' }]);
    assert.deepEqual(message.replyTo, [{ name: '', address: 'list@example.org' }]);
    assert.equal(message.folderPath, 'INBOX');
    assert.equal(message.uidValidity, 5);
    assert.equal(await store.messages.get('999999'), null);
  });

  it('drops every cached message of a folder', async () => {
    await store.messages.upsertHeaders(folderId, [sampleHeader(1), sampleHeader(2)]);
    assert.equal(await store.messages.removeAllInFolder(folderId), 2);
    assert.equal((await store.messages.listPage(folderId, 0, 10))?.total, 0);
  });

  it('serves the newest-first page from the index without a sort step', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      const plan = database
        .prepare(
          'EXPLAIN QUERY PLAN SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.folder_id = ? ORDER BY m.date DESC, m.id DESC LIMIT 50 OFFSET 0',
        )
        .all(1)
        .map((row) => String(row.detail))
        .join('\n');
      assert.match(plan, /messages_by_folder_date/);
      assert.doesNotMatch(plan, /TEMP B-TREE/);
    } finally {
      database.close();
    }
  });

  // How fast deep pages are is the query plan's business (the test above) and the
  // benchmark's (bench/); this checks that they hold the right messages.
  it('pages deep into a big folder, newest first', async () => {
    const batch = 1000;
    for (let start = 1; start <= 5000; start += batch) {
      await store.messages.upsertHeaders(
        folderId,
        Array.from({ length: batch }, (_, index) => sampleHeader(start + index)),
      );
    }
    const first = await store.messages.listPage(folderId, 0, 100);
    const deep = await store.messages.listPage(folderId, 4950, 100);
    assert.equal(first?.total, 5000);
    assert.equal(first.items[0]?.uid, 5000);
    assert.deepEqual(deep?.items.map((item) => item.uid), Array.from({ length: 50 }, (_, index) => 50 - index));
  });
  // A batch is written many rows to one INSERT (message-repository.ts, rowsPerInsert); a
  // row must come out as it would from a statement of its own, conflicts and triggers too.
  it('stores a batch written many rows to a statement as it stores one row at a time', async () => {
    const { folders } = await store.folders.replaceFromServer((await store.accounts.list())[0]!.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
      { path: 'Copy', name: 'Copy', delimiter: '/', parentPath: null, role: null, subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    const copyId = folders.find((folder) => folder.path === 'Copy')!.id;
    const header = (uid: number) =>
      sampleHeader(uid, {
        subject: uid % 7 === 0 ? `Re: 会議 ${uid}` : `Subject ${uid}`,
        systemFlags: uid % 3 === 0 ? ['\\Seen'] : [],
        keywords: uid % 5 === 0 ? ['$label1'] : [],
        cc: uid % 4 === 0 ? [{ name: 'Carol', address: 'carol@example.org' }] : [],
        hasAttachments: uid % 6 === 0,
        bodyStructure: uid % 6 === 0 ? JSON.stringify({ type: 'application/pdf', dispositionParameters: { filename: `r${uid}.pdf` } }) : null,
        references: uid % 2 === 0 ? [`m${uid - 1}@example.org`] : [],
        inReplyTo: uid % 2 === 0 ? `m${uid - 1}@example.org` : null,
      });
    // Already stored: the batch updates it. Twice in the batch: the later one wins.
    const batch = [...Array.from({ length: 130 }, (_, index) => header(index + 1)), sampleHeader(40, { subject: 'Again', systemFlags: ['\\Flagged'] })];
    for (const target of [folderId, copyId]) await store.messages.upsertHeaders(target, [sampleHeader(5, { subject: 'Before' })]);
    await store.messages.upsertHeaders(folderId, batch);
    for (const one of batch) await store.messages.upsertHeaders(copyId, [one]);
    const database = new DatabaseSync(join(dir.path, databaseFileName), { readOnly: true });
    try {
      const rows = database.prepare(`
        SELECT m.uid, m.modseq, m.message_id, m.date, m.internal_date, m.from_json, m.to_json, m.cc_json, m.reply_to_json,
          m.subject, m.size, m.seen, m.flagged, m.answered, m.draft, m.deleted, m.keywords_json, m.has_attachments,
          m.body_structure, m.body_state, m.in_reply_to, m.references_json, m.thread_subject, m.subject_only_reply,
          s.subject AS text_subject, s.from_text, s.to_text, s.cc_text, s.filenames, s.words_indexed,
          (SELECT COUNT(*) FROM search_trigrams WHERE search_trigrams MATCH '"会議 "' AND rowid = s.doc_key) AS trigram_rows
        FROM messages m JOIN search_text s ON s.message_id = m.id WHERE m.folder_id = ? ORDER BY m.id`);
      const written = rows.all(Number(folderId));
      assert.equal(written.length, 130);
      assert.deepEqual(written, rows.all(Number(copyId)));
      assert.equal(written.find((row) => row.uid === 40)?.subject, 'Again');
      assert.equal(written.find((row) => row.uid === 5)?.subject, 'Subject 5');
      assert.equal(written.filter((row) => row.trigram_rows === 1).length, 18);
    } finally {
      database.close();
    }
  });
});
