// Date-sorted pages read off the index's date-ordered rowids (migration 21) must be exactly
// the pages a sort of every match gives: message ids that run against the dates (a first
// sync stores newest first), many messages on one day and on one millisecond, pages that
// end inside a day, filters beside the words, dates that change and messages that go.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import type { HeaderInput } from '../store/message-repository.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';

type Mail = { uid: number; date: number; subject: string; seen: boolean; flagged: boolean };

// A small deterministic generator (mulberry32), so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const day = 86_400_000;
const base = Date.UTC(2024, 5, 1);

function mails(count: number): Mail[] {
  const next = random(42);
  return Array.from({ length: count }, (_, index) => {
    // A third on a handful of busy days, some of those on the very same millisecond; the
    // rest spread over two years, a few before 1970.
    const roll = next();
    const date =
      roll < 0.05
        ? base + 3 * day + 1234
        : roll < 0.33
          ? base + Math.floor(next() * 4) * day + Math.floor(next() * day)
          : roll < 0.35
            ? Date.UTC(1969, 11, 31) + Math.floor(next() * 2 * day) - day
            : base - Math.floor(next() * 730 * day);
    const words = ['invoice', 'budget', 'lunch', 'garden'].filter(() => next() < 0.5);
    return { uid: index + 1, date, subject: `${words.join(' ')} note ${index}`, seen: next() < 0.5, flagged: next() < 0.2 };
  });
}

function header(mail: Mail): HeaderInput {
  return sampleHeader(mail.uid, {
    subject: mail.subject,
    date: mail.date,
    systemFlags: [...(mail.seen ? ['\\Seen'] : []), ...(mail.flagged ? ['\\Flagged'] : [])],
  });
}

describe('date-sorted search pages over date-ordered index rowids', () => {
  const dir = makeTempDir('letterbox-date-walk-');
  let store: Store;
  let folderId: string;
  const byUid = new Map<number, Mail>();

  before(async () => {
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    folderId = folders[0]!.id;
    const all = mails(900);
    for (const mail of all) byUid.set(mail.uid, mail);
    // Highest UIDs first, in batches, as a first sync stores them: ids run against the UIDs.
    const descending = [...all].reverse();
    for (let start = 0; start < descending.length; start += 250) {
      await store.messages.upsertHeaders(folderId, descending.slice(start, start + 250).map(header));
    }
  });

  after(() => {
    store.close();
    dir.remove();
  });

  // The expected order: every match sorted by date, newest first, then by message id.
  async function expectedOrder(matches: (mail: Mail) => boolean): Promise<number[]> {
    const ids = await store.search.idsByUid(folderId, [...byUid.keys()]);
    return [...byUid.values()]
      .filter(matches)
      .map((mail) => ({ date: mail.date, id: Number(ids.get(mail.uid)) }))
      .sort((a, b) => b.date - a.date || b.id - a.id)
      .map((entry) => entry.id);
  }

  async function pages(query: string, limit: number): Promise<{ ids: number[]; totals: number[] }> {
    const parsed = parseQuery(query);
    assert.ok(parsed.ok && parsed.query !== null);
    const ids: number[] = [];
    const totals: number[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await store.search.search({ query: parsed.query, sort: 'date', offset, limit, serverHits: [] });
      ids.push(...page.items.map((item) => Number(item.id)));
      totals.push(page.total);
      if (page.items.length < limit) return { ids, totals };
    }
  }

  const cases: readonly { query: string; matches: (mail: Mail) => boolean }[] = [
    { query: 'invoice', matches: (mail) => mail.subject.includes('invoice') },
    { query: 'note', matches: () => true },
    { query: 'budget -lunch', matches: (mail) => mail.subject.includes('budget') && !mail.subject.includes('lunch') },
    { query: 'garden OR lunch', matches: (mail) => mail.subject.includes('garden') || mail.subject.includes('lunch') },
    { query: 'invoice is:unread', matches: (mail) => mail.subject.includes('invoice') && !mail.seen },
    { query: 'budget is:flagged -garden', matches: (mail) => mail.subject.includes('budget') && mail.flagged && !mail.subject.includes('garden') },
  ];

  for (const { query, matches } of cases) {
    it(`pages "${query}" exactly as sorting every match does`, async () => {
      const expected = await expectedOrder(matches);
      assert.ok(expected.length > 20, 'the corpus has enough matches to page');
      for (const limit of [7, 50, 1000]) {
        const { ids, totals } = await pages(query, limit);
        assert.deepEqual(ids, expected, `pages of ${limit}`);
        for (const total of totals) assert.equal(total, expected.length, 'every page counts every match');
      }
    });
  }

  it('counts to the cap past the page, then says "at least", and counts exactly on the last page', async () => {
    const parsed = parseQuery('note');
    assert.ok(parsed.ok && parsed.query !== null);
    const query = parsed.query;
    const expected = await expectedOrder(() => true);
    const at = async (offset: number, limit: number, sort: 'date' | 'relevance' = 'date') => {
      const page = await store.search.search({ query, sort, offset, limit, serverHits: [] }, { countCap: 100 });
      return { total: page.total, atLeast: page.totalAtLeast, first: Number(page.items[0]?.id), size: page.items.length };
    };
    assert.deepEqual(await at(0, 50), { total: 100, atLeast: true, first: expected[0], size: 50 });
    assert.deepEqual(await at(60, 50), { total: 200, atLeast: true, first: expected[60], size: 50 });
    assert.deepEqual(await at(expected.length - 10, 50), { total: expected.length, atLeast: false, first: expected.at(-10), size: 10 });
    assert.equal((await at(0, 50, 'relevance')).atLeast, true);
    const filtered = parseQuery('is:unread');
    assert.ok(filtered.ok && filtered.query !== null);
    const unread = await store.search.search({ query: filtered.query, sort: 'date', offset: 0, limit: 10, serverHits: [] }, { countCap: 100 });
    assert.deepEqual([unread.total, unread.totalAtLeast], [100, true]);
  });

  it('follows a changed date and a removed message', async () => {
    const moved = [...byUid.values()].filter((mail) => mail.subject.includes('invoice')).slice(0, 30);
    for (const [index, mail] of moved.entries()) {
      // Later, earlier, onto the busy millisecond, and within its own day.
      mail.date = index % 4 === 0 ? base + 10 * day : index % 4 === 1 ? base - 900 * day : index % 4 === 2 ? base + 3 * day + 1234 : mail.date + 1;
    }
    await store.messages.upsertHeaders(folderId, moved.map(header));
    // Expunged on the server, as sync removes them.
    const gone = [...byUid.values()].filter((mail) => mail.subject.includes('invoice')).slice(30, 40);
    for (const mail of gone) byUid.delete(mail.uid);
    assert.equal(await store.sync.removeUids(folderId, gone.map((mail) => mail.uid)), gone.length);
    const expected = await expectedOrder((mail) => mail.subject.includes('invoice'));
    const { ids: found } = await pages('invoice', 13);
    assert.deepEqual(found, expected);
  });
});
