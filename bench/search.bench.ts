// Letterbox's local search against a bare FTS5 table over the same messages, in the same
// run, so the ratio means something on any machine. Ours does more per query (parses the
// language, joins messages, folders and accounts, counts the total, sorts by date, returns
// whole summaries); the bare table only answers MATCH with LIMIT. Target: ours within 3x
// (ratio >= 0.33) and every query under 50 ms at 10,000 messages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseQuery } from '../shared/search/parse-query.ts';
import { wordMatch } from '../electron/search/compile-local-query.ts';
import { createSearchRepository } from '../electron/search/search-repository.ts';
import { databaseFileName } from '../electron/store/open-database.ts';
import { openStore } from '../electron/store/store.ts';
import { runInTransaction } from '../electron/store/transaction.ts';
import { sampleAccount, sampleHeader } from '../electron/store/test-fixtures.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const target = 0.33;

const vocabulary = (
  'invoice report meeting budget project résumé café naïve über straße plan quarterly review contract offer ' +
  'deadline holiday travel flight hotel lunch dinner team sprint release design draft final update notes agenda ' +
  'customer support ticket order shipping delivery payment receipt refund account password security alert news'
).split(' ');
const names = ['Zoë Müller', 'Bob Smith', 'Ann Lee', 'José Martínez', 'Chen Wei', 'Dana Fox', 'Eve Adams', 'Frank Ocean'];

// A fixed seed: both sides index exactly the same text in every run.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type Generated = { subject: string; fromName: string; from: string; to: string; body: string; fileName: string };

function generate(count: number): Generated[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(vocabulary)).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const fromName = pick(names);
    return {
      subject: `${words(4)} ${i}`,
      fromName,
      from: `${fromName.split(' ')[0]!.toLowerCase()}@example.org`,
      to: 'alice@example.org',
      body: words(120),
      fileName: next() < 0.2 ? `${pick(vocabulary)}-${i}.pdf` : '',
    };
  });
}

const queries = ['invoice', 'rés', 'cafe budget', '"quarterly review"', 'from:zoe', 'subject:deadline', 'meeting OR lunch', 'filename:report'];

function time(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'letterbox-search-bench-'));
  try {
    const mails = generate(messageCount);
    const store = openStore(join(dir, 'ours'));
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    const folderId = folders[0]!.id;

    let started = performance.now();
    const batch = 1000;
    for (let start = 0; start < mails.length; start += batch) {
      await store.messages.upsertHeaders(
        folderId,
        mails.slice(start, start + batch).map((mail, offset) =>
          sampleHeader(start + offset + 1, { subject: mail.subject, from: { name: mail.fromName, address: mail.from }, to: [{ name: '', address: mail.to }] }),
        ),
      );
    }
    const page = await store.messages.listPage(folderId, 0, messageCount);
    const ids = new Map(page!.items.map((item) => [item.uid, item.id]));
    const textOf = (mail: Generated) => ({ body: mail.body, fileNames: mail.fileName === '' ? [] : [mail.fileName] });
    // A few bodies the way the reader stores them, one durable transaction each (each
    // commit waits for fsync: synchronous=FULL), to report that cost per message...
    const singly = Math.min(200, mails.length);
    const singlyStarted = performance.now();
    for (let index = 0; index < singly; index += 1) await store.sources.storeFull(ids.get(index + 1)!, Buffer.from('x'), textOf(mails[index]!));
    const perMessageMs = (performance.now() - singlyStarted) / singly;
    // ...and the rest through the same index writer in one transaction, as a batch download would.
    const writer = new DatabaseSync(join(dir, 'ours', databaseFileName), { timeout: 5000 });
    const search = createSearchRepository(writer);
    runInTransaction(writer, () => {
      for (let index = singly; index < mails.length; index += 1) search.writeBodyTextNow(Number(ids.get(index + 1)), textOf(mails[index]!));
    });
    writer.close();
    const oursIndexMs = performance.now() - started;

    const bare = new DatabaseSync(join(dir, 'bare.sqlite'));
    bare.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
    bare.exec("CREATE VIRTUAL TABLE bare USING fts5(subject, from_text, to_text, cc_text, body, filenames, tokenize = 'unicode61 remove_diacritics 2')");
    started = performance.now();
    const insert = bare.prepare('INSERT INTO bare (rowid, subject, from_text, to_text, cc_text, body, filenames) VALUES (?, ?, ?, ?, ?, ?, ?)');
    bare.exec('BEGIN');
    for (const [index, mail] of mails.entries()) insert.run(index + 1, mail.subject, `${mail.fromName} ${mail.from}`, mail.to, '', mail.body, mail.fileName);
    bare.exec('COMMIT');
    const bareIndexMs = performance.now() - started;

    const bareQuery = bare.prepare('SELECT rowid FROM bare WHERE bare MATCH ? LIMIT 50');
    const bareCount = bare.prepare('SELECT COUNT(*) AS n FROM bare WHERE bare MATCH ?');
    console.log(`search bench: ${messageCount} messages, best of ${rounds} rounds per query`);
    console.log(`indexing: letterbox ${oursIndexMs.toFixed(0)} ms (headers by trigger in batches of ${batch}, bodies: ${singly} stored singly at ${perMessageMs.toFixed(2)} ms each, the rest in one transaction; two FTS5 indexes); bare FTS5 ${bareIndexMs.toFixed(0)} ms (one table, one transaction)`);
    let oursTotal = 0;
    let bareTotal = 0;
    let slowest = 0;
    for (const text of queries) {
      const parsed = parseQuery(text);
      if (!parsed.ok || parsed.query === null) throw new Error(`bench query ${text} did not parse`);
      const bareMatch = bareMatchFor(text);
      let oursBest = Infinity;
      let bareBest = Infinity;
      let oursHits = 0;
      let bareHits = 0;
      for (let round = 0; round < rounds; round += 1) {
        const began = performance.now();
        const result = await store.search.search({ query: parseQueryStrict(text), sort: 'date', offset: 0, limit: 50, serverHits: [] });
        oursBest = Math.min(oursBest, performance.now() - began);
        oursHits = result.total;
        bareBest = Math.min(
          bareBest,
          time(() => {
            bareQuery.all(bareMatch);
            bareHits = Number(bareCount.get(bareMatch)?.n ?? 0);
          }),
        );
      }
      if (oursHits !== bareHits) throw new Error(`"${text}": letterbox found ${oursHits}, bare FTS5 ${bareHits}`);
      oursTotal += oursBest;
      bareTotal += bareBest;
      slowest = Math.max(slowest, oursBest);
      console.log(`  ${text.padEnd(20)} ${String(oursHits).padStart(6)} hits  letterbox ${oursBest.toFixed(2).padStart(7)} ms  bare ${bareBest.toFixed(2).padStart(7)} ms`);
    }
    const ratio = bareTotal / oursTotal;
    console.log(`total: letterbox ${oursTotal.toFixed(2)} ms, bare FTS5 ${bareTotal.toFixed(2)} ms`);
    console.log(`ratio (bare time / letterbox time): ${ratio.toFixed(2)} (target >= ${target}); slowest letterbox query ${slowest.toFixed(2)} ms (target < 50 ms)`);
    store.close();
    bare.close();
    if (ratio < target || slowest >= 50) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

function parseQueryStrict(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok || parsed.query === null) throw new Error(`bench query ${text} did not parse`);
  return parsed.query;
}

// The same question asked of the bare table in FTS5's own syntax.
function bareMatchFor(text: string): string {
  switch (text) {
    case 'cafe budget':
      return `${wordMatch(null, 'cafe', false) ?? ''} AND ${wordMatch(null, 'budget', false) ?? ''}`;
    case 'meeting OR lunch':
      return `${wordMatch(null, 'meeting', false) ?? ''} OR ${wordMatch(null, 'lunch', false) ?? ''}`;
    case '"quarterly review"':
      return wordMatch(null, 'quarterly review', true) ?? '';
    case 'from:zoe':
      return wordMatch('from', 'zoe', false) ?? '';
    case 'subject:deadline':
      return wordMatch('subject', 'deadline', false) ?? '';
    case 'filename:report':
      return wordMatch('filename', 'report', false) ?? '';
    default:
      return wordMatch(null, text, false) ?? '';
  }
}

await main();
