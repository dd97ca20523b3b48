// Recall of local search, operator by operator: a few hundred varied messages go through
// the app's own indexing path (the POP3/Local Folders header parser, sync's upsertHeaders
// with its index triggers, the reader's storeFull with the body text), and every query must
// find exactly the messages a brute-force scan of the same messages finds: no misses, no
// false hits. The scan reads what the messages say (test/servers/mail-corpus.ts), not the
// store, and implements the query language's meaning on its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import type { CalendarDay, SearchNode } from '../../shared/search/search-query.ts';
import { builtinKeywords } from '../../shared/keywords/keyword-atom.ts';
import { bodyTextOf } from '../../electron/search/body-text.ts';
import { parseLocalMessage } from '../../electron/local/local-header.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir, sampleAccount } from '../../electron/store/test-fixtures.ts';
import { generateCorpusMail, type CorpusAddress, type CorpusMail } from '../servers/mail-corpus.ts';

type Indexed = CorpusMail & { readonly folder: 'Inbox' | 'Archive'; readonly size: number };

const corpusSize = 320;

// Hand-made messages for the edges the generated ones may miss.
function special(index: number, fields: { subject: string; body: string; date: Date; from?: CorpusAddress; attachments?: readonly string[] }): CorpusMail {
  const from = fields.from ?? { name: 'Edge Case', address: 'edge@example.org' };
  const attachments = fields.attachments ?? [];
  const encoded = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`);
  const headers = [
    `From: ${encoded(from.name)} <${from.address}>`,
    'To: Alice Example <alice@example.org>',
    `Subject: ${encoded(fields.subject)}`,
    `Date: ${fields.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <special-${index}@letterbox.test>`,
    'MIME-Version: 1.0',
  ];
  const text = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', fields.body.replaceAll('\n', '\r\n')];
  const raw =
    attachments.length === 0
      ? `${headers.join('\r\n')}\r\n${text.join('\r\n')}\r\n`
      : [
          ...headers,
          'Content-Type: multipart/mixed; boundary="b"',
          '',
          '--b',
          ...text,
          ...attachments.flatMap((name) => [
            '--b',
            'Content-Type: application/pdf',
            'Content-Transfer-Encoding: base64',
            `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
            '',
            Buffer.from('%PDF-1.4').toString('base64'),
          ]),
          '--b--',
          '',
        ].join('\r\n');
  return {
    index,
    messageId: `<special-${index}@letterbox.test>`,
    date: fields.date,
    from,
    to: [{ name: 'Alice Example', address: 'alice@example.org' }],
    cc: [],
    subject: fields.subject,
    body: fields.body,
    html: false,
    attachments,
    seen: false,
    flagged: true,
    answered: false,
    keywords: index % 2 === 0 ? ['ProjectX'] : [],
    raw,
  };
}

const day = (year: number, month: number, date: number) => new Date(year, month - 1, date).getTime();

// The generated mail spans 2023-01-02 to 2023-01-05 (UTC); the edges sit on the local
// midnight that begins 2023-01-04, and one second before it.
const specials: readonly CorpusMail[] = [
  special(10_001, { subject: 'RÉSUMÉ for the open role', body: 'My résumé, again.\nCafé at noon?', date: new Date(day(2023, 1, 4)) }),
  special(10_002, { subject: 'Resume builder', body: 'see the quarterly\nreview attached', date: new Date(day(2023, 1, 4) - 1000) }),
  special(10_003, { subject: '会議', body: '東京', date: new Date(day(2023, 1, 4) + 1000), from: { name: '山田花子', address: 'hanako@example.jp' } }),
  special(10_004, { subject: 'Übersicht', body: 'Die STRASSE und die Straße.', date: new Date(day(2023, 1, 3) - 1000), attachments: ['Übersicht 2024.pdf', '東京地図.pdf'] }),
  special(10_005, { subject: 'e-mail naïve co-operation', body: 'NAIVE naïve Naïve', date: new Date(day(2023, 1, 5)) }),
];

// ---- The brute-force scan: the query language's meaning, written out again.

function fold(text: string): string {
  // Case, and the accents of Latin letters (combining marks U+0300-U+036F after NFD);
  // kana voicing marks (U+3099) are letters of their own and stay.
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

const spaceless = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word.length > 0);
}

function people(addresses: readonly CorpusAddress[]): string {
  return addresses.map((address) => `${address.name} ${address.address}`.trim()).join(' ');
}

function fieldTexts(mail: Indexed): Record<string, string> {
  return {
    subject: mail.subject,
    from: people([mail.from]),
    to: people(mail.to),
    cc: people(mail.cc),
    body: mail.body,
    filename: mail.attachments.join(' '),
  };
}

function textMatches(mail: Indexed, field: string | null, value: string, phrase: boolean): boolean {
  const texts = fieldTexts(mail);
  const fields = field === null ? Object.values(texts) : [texts[field] ?? ''];
  if (spaceless.test(value)) return fields.some((text) => fold(text).includes(fold(value)));
  const wanted = wordsOf(value);
  if (wanted.length === 0) return true;
  return fields.some((text) => {
    const words = wordsOf(text);
    for (let start = 0; start + wanted.length <= words.length; start += 1) {
      const hit = wanted.every((word, offset) => {
        const actual = words[start + offset] ?? '';
        // The last word of an unquoted term is a prefix (results while typing).
        return offset === wanted.length - 1 && !phrase ? actual.startsWith(word) : actual === word;
      });
      if (hit) return true;
    }
    return false;
  });
}

function keywordNames(name: string): Set<string> {
  const lower = name.toLowerCase();
  const builtin = builtinKeywords.find((entry) => [entry.atom, entry.label, ...entry.aliases].some((value) => value.toLowerCase() === lower));
  return new Set(builtin === undefined ? [lower] : [builtin.atom, ...builtin.aliases].map((value) => value.toLowerCase()));
}

function dayStart(calendar: CalendarDay): number {
  return new Date(calendar.year, calendar.month - 1, calendar.day).getTime();
}

function bruteMatches(mail: Indexed, node: SearchNode): boolean {
  switch (node.kind) {
    case 'text':
      return textMatches(mail, node.field, node.value, node.phrase);
    case 'has-attachment':
      return mail.attachments.length > 0;
    case 'flag':
      return (node.flag === 'seen' ? mail.seen : node.flag === 'flagged' ? mail.flagged : mail.answered) === node.set;
    case 'keyword': {
      const names = keywordNames(node.name);
      return mail.keywords.some((keyword) => names.has(keyword.toLowerCase()));
    }
    case 'folder':
      return mail.folder.toLowerCase() === node.name.toLowerCase();
    case 'account':
      return ['alice', 'alice@example.org'].includes(node.name.toLowerCase());
    case 'date': {
      const start = dayStart(node.day);
      const next = dayStart({ ...node.day, day: node.day.day + 1 });
      const time = mail.date.getTime();
      return node.operator === 'before' ? time < start : node.operator === 'after' ? time >= start : time >= start && time < next;
    }
    case 'size':
      return node.operator === 'larger' ? mail.size > node.bytes : mail.size < node.bytes;
    case 'and':
      return node.children.every((child) => bruteMatches(mail, child));
    case 'or':
      return node.children.some((child) => bruteMatches(mail, child));
    case 'not':
      return !bruteMatches(mail, node.child);
  }
}

// ---- The queries: every operator, and the edges of folding, CJK, prefixes, phrases,
// negation and dates. Each must find something, so none passes by finding nothing.
const queries: readonly string[] = [
  'invoice',
  'INVOICE',
  'inv',
  'resume',
  'RÉSUMÉ',
  'résumé',
  'cafe',
  'naive',
  'straße',
  'strasse',
  'Übersicht',
  'ubersicht',
  '"quarterly review"',
  '"quarterly review attached"',
  '"review quarterly"',
  '"meeting budget"',
  'e-mail',
  'co-operation',
  '東京',
  '会議',
  '会議室',
  '東京の会議',
  '予約',
  '报告',
  '田中',
  'from:zoe',
  'from:ZOË',
  'from:müller',
  'from:jose',
  'from:example.jp',
  'from:bob@example.org',
  'from:田中',
  'from:山田花子',
  'to:bob',
  'to:ann',
  'cc:bob',
  'cc:zoe',
  'subject:budget',
  'subject:re',
  'subject:会議',
  'subject:"the report"',
  'body:garden',
  'body:東京',
  'body:"quarterly review"',
  'filename:invoice',
  'filename:pdf',
  'filename:übersicht',
  'filename:東京',
  'filename:請求書',
  'has:attachment',
  'is:unread',
  'is:read',
  'is:flagged',
  'is:unflagged',
  'is:answered',
  'keyword:$label1',
  'keyword:important',
  'tag:$LABEL4',
  'keyword:projectx',
  'in:inbox',
  'in:archive',
  'account:alice',
  'after:2023-01-04',
  'before:2023-01-04',
  'on:2023-01-04',
  'on:2023-01-03',
  'after:2023-01-03 before:2023-01-05',
  'larger:2k',
  'smaller:1k',
  'budget -invoice',
  '-invoice',
  '-from:zoe',
  '-is:unread',
  '-東京',
  '-has:attachment project',
  'meeting OR lunch',
  'from:zoe OR from:bob',
  '(budget OR report) -invoice',
  '(from:bob OR to:bob) is:unread',
  'invoice has:attachment in:archive',
  'subject:re -(meeting OR lunch)',
  '東京 OR 会議室',
  'keyword:important OR is:flagged',
];

describe('local search recall, operator by operator', () => {
  const dir = makeTempDir('letterbox-search-recall-');
  let store: Store;
  const byMessageId = new Map<string, Indexed>();

  before(async () => {
    store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
      { path: 'Archive', name: 'Archive', delimiter: '/', parentPath: null, role: 'archive', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    const folderIds = { Inbox: folders.find((folder) => folder.path === 'INBOX')!.id, Archive: folders.find((folder) => folder.path === 'Archive')!.id };
    const mails = [...Array.from({ length: corpusSize }, (_, index) => generateCorpusMail(index)), ...specials];
    const parsed = await Promise.all(
      mails.map(async (mail, position) => {
        const source = Buffer.from(mail.raw, 'utf8');
        const folder: Indexed['folder'] = position % 3 === 2 ? 'Archive' : 'Inbox';
        byMessageId.set(mail.messageId, { ...mail, folder, size: source.length });
        const local = await parseLocalMessage(source, source.length, mail.date.getTime());
        const systemFlags = [...(mail.seen ? ['\\Seen'] : []), ...(mail.flagged ? ['\\Flagged'] : []), ...(mail.answered ? ['\\Answered'] : [])];
        return { folder, source, header: { ...local.header, uid: position + 1, systemFlags, keywords: mail.keywords } };
      }),
    );
    // Headers as sync stores them, a batch per folder; then each body as the reader stores it.
    for (const folder of ['Inbox', 'Archive'] as const) {
      const inFolder = parsed.filter((entry) => entry.folder === folder);
      await store.messages.upsertHeaders(folderIds[folder], inFolder.map((entry) => entry.header));
      const ids = await store.search.idsByUid(folderIds[folder], inFolder.map((entry) => entry.header.uid));
      for (const entry of inFolder) {
        const id = ids.get(entry.header.uid);
        assert.ok(id !== undefined);
        assert.equal(await store.sources.storeFull(id, entry.source, await bodyTextOf(entry.source)), true);
      }
    }
  });

  after(() => {
    store.close();
    dir.remove();
  });

  // Every match, a page at a time, as the results list asks for them.
  async function searchAll(node: SearchNode): Promise<string[]> {
    const found: string[] = [];
    for (let offset = 0; ; offset += 97) {
      const page = await store.search.search({ query: node, sort: 'date', offset, limit: 97, serverHits: [] });
      found.push(...page.items.map((item) => item.messageId ?? '?'));
      if (page.items.length < 97) {
        assert.equal(found.length, page.total, 'the total counts what the pages hold');
        return found;
      }
    }
  }

  for (const text of queries) {
    it(`finds exactly the brute-force set for ${text}`, async () => {
      const parsed = parseQuery(text);
      assert.ok(parsed.ok && parsed.query !== null, `${text} parses`);
      const node = parsed.query;
      const expected = [...byMessageId.values()].filter((mail) => bruteMatches(mail, node)).map((mail) => mail.messageId).sort();
      const found = await searchAll(node);
      assert.equal(new Set(found).size, found.length, 'no message twice');
      const missed = expected.filter((id) => !found.includes(id));
      const extra = found.filter((id) => !expected.includes(id));
      assert.deepEqual({ missed, extra }, { missed: [], extra: [] });
      assert.ok(expected.length > 0, `the corpus has messages for ${text}`);
      assert.ok(expected.length < byMessageId.size || text.startsWith('account:'), `${text} does not match everything`);
    });
  }

  it('sorts by date, newest first, across pages', async () => {
    const parsed = parseQuery('invoice');
    assert.ok(parsed.ok && parsed.query !== null);
    const found = await searchAll(parsed.query);
    const times = found.map((id) => byMessageId.get(id)!.date.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });
});
