import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import type { SearchSort } from '../../shared/search/search-types.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';

const attachmentStructure = JSON.stringify({
  type: 'multipart/mixed',
  childNodes: [
    { type: 'text/plain', parameters: { charset: 'utf-8' } },
    { type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'Quarterly-Report.pdf' } },
  ],
});

describe('search repository (local FTS5 index)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let inbox: string;
  let archive: string;

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
      { path: 'Archive', name: 'Archive', delimiter: '/', parentPath: null, role: 'archive', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    inbox = folders.find((folder) => folder.path === 'INBOX')!.id;
    archive = folders.find((folder) => folder.path === 'Archive')!.id;
    await store.messages.upsertHeaders(inbox, [
      sampleHeader(1, { subject: 'Résumé for the new role', from: { name: 'Zoë Müller', address: 'zoe@example.org' }, date: Date.UTC(2024, 2, 1, 12) }),
      sampleHeader(2, { subject: '東京の会議について', systemFlags: ['\\Seen'], date: Date.UTC(2024, 2, 2, 12) }),
      sampleHeader(3, {
        subject: 'Numbers',
        hasAttachments: true,
        bodyStructure: attachmentStructure,
        systemFlags: ['\\Flagged'],
        keywords: ['Work'],
        size: 50_000,
        cc: [{ name: 'Carol', address: 'carol@example.net' }],
        date: Date.UTC(2024, 2, 3, 12),
      }),
    ]);
    await store.messages.upsertHeaders(archive, [
      sampleHeader(7, { subject: 'Old report about reports', to: [{ name: 'Dave', address: 'dave@example.com' }], date: Date.UTC(2023, 0, 5, 12) }),
    ]);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  async function subjects(query: string, sort: SearchSort = 'date'): Promise<string[]> {
    const parsed = parseQuery(query);
    if (!parsed.ok || parsed.query === null) assert.fail(`query ${query} did not parse`);
    const page = await store.search.search({ query: parsed.query, sort, offset: 0, limit: 50, serverHits: [] }, { dayStart: (day) => Date.UTC(day.year, day.month - 1, day.day) });
    return page.items.map((item) => item.subject);
  }

  it('finds words regardless of case and diacritics, in both directions', async () => {
    assert.deepEqual(await subjects('resume'), ['Résumé for the new role']);
    assert.deepEqual(await subjects('RÉSUMÉ'), ['Résumé for the new role']);
    assert.deepEqual(await subjects('from:zoe muller'), ['Résumé for the new role']);
  });

  it('matches the start of a word while typing, but a quoted phrase only whole', async () => {
    assert.deepEqual(await subjects('rés'), ['Résumé for the new role']);
    assert.deepEqual(await subjects('"new ro"'), []);
    assert.deepEqual(await subjects('"new role"'), ['Résumé for the new role']);
  });

  it('finds CJK text inside a run of characters, short and long', async () => {
    assert.deepEqual(await subjects('東京'), ['東京の会議について']);
    assert.deepEqual(await subjects('会議につ'), ['東京の会議について']);
    assert.deepEqual(await subjects('大阪'), []);
  });

  it('finds attachments by file name and by has:attachment', async () => {
    assert.deepEqual(await subjects('filename:quarterly'), ['Numbers']);
    assert.deepEqual(await subjects('quarterly-report.pdf'), ['Numbers']);
    assert.deepEqual(await subjects('has:attachment'), ['Numbers']);
  });

  it('filters by flags, keyword, folder, dates, size and addresses', async () => {
    assert.deepEqual(await subjects('is:read'), ['東京の会議について']);
    assert.deepEqual(await subjects('is:flagged'), ['Numbers']);
    assert.deepEqual(await subjects('keyword:work'), ['Numbers']);
    assert.deepEqual(await subjects('in:archive'), ['Old report about reports']);
    assert.deepEqual(await subjects('before:2024-01-01'), ['Old report about reports']);
    assert.deepEqual(await subjects('after:2024-03-02'), ['Numbers', '東京の会議について']);
    assert.deepEqual(await subjects('on:2024-03-01'), ['Résumé for the new role']);
    assert.deepEqual(await subjects('larger:10k'), ['Numbers']);
    assert.deepEqual(await subjects('cc:carol@example.net'), ['Numbers']);
    assert.deepEqual(await subjects('to:dave'), ['Old report about reports']);
  });

  it('combines terms with OR, negation and parentheses', async () => {
    assert.deepEqual(await subjects('(resume OR numbers) -is:flagged'), ['Résumé for the new role']);
    assert.deepEqual(await subjects('report -in:archive'), ['Numbers']);
  });

  it('sorts by relevance (bm25) or by date', async () => {
    assert.deepEqual(await subjects('report', 'date'), ['Numbers', 'Old report about reports']);
    assert.deepEqual(await subjects('report', 'relevance'), ['Old report about reports', 'Numbers']);
  });

  it('follows headers that change and messages that go, in the same write', async () => {
    await store.messages.upsertHeaders(inbox, [sampleHeader(1, { subject: 'Cover letter' })]);
    assert.deepEqual(await subjects('resume'), []);
    assert.deepEqual(await subjects('cover'), ['Cover letter']);
    await store.messages.removeAllInFolder(inbox);
    assert.deepEqual(await subjects('cover'), []);
  });

  it('indexes body text stored with the source, in the same transaction', async () => {
    const page = await store.messages.listPage(archive, 0, 1);
    const id = page!.items[0]!.id;
    assert.equal(await store.sources.storeFull(id, Buffer.from('Subject: x\r\n\r\nhello'), { body: 'Meet at the café', fileNames: ['plan.xlsx'] }), true);
    assert.deepEqual(await subjects('body:cafe'), ['Old report about reports']);
    assert.deepEqual(await subjects('filename:plan'), ['Old report about reports']);
    assert.deepEqual(await store.search.listPendingBodies(10), []);
  });

  it('includes server hits the index cannot match, marked as from the server', async () => {
    const parsed = parseQuery('nothing-local-matches');
    if (!parsed.ok || parsed.query === null) assert.fail('did not parse');
    const page = await store.messages.listPage(archive, 0, 1);
    const result = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [page!.items[0]!.id] });
    assert.equal(result.total, 1);
    assert.equal(result.items[0]?.origin, 'server');
  });

  it('keeps saved searches', async () => {
    const saved = await store.search.saveSearch('Unread work', 'is:unread keyword:work', 'relevance');
    assert.deepEqual(await store.search.listSaved(), [saved]);
    assert.equal(await store.search.removeSaved(saved.id), true);
    assert.deepEqual(await store.search.listSaved(), []);
  });
});
