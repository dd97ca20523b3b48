// The header writer's share of a full offline sync, alone (docs/decisions.md, "Full offline
// sync: where the time goes"): a store holding the corpus's headers (a headers-only sync
// from Dovecot), then every message's source and body text stored as the sync stores them
// (sources.storeFullBatch on a connection with synchronous = NORMAL, as the header writer's
// thread runs it), timed by this thread's CPU, for a few ways of doing it. The texts are
// parsed first, untimed. Each variant starts from a copy of the same store.
//   BENCH_MESSAGES=10000 node bench/support/body-store-cpu.ts
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyTextOf } from '../../electron/search/body-text.ts';
import type { BodyText } from '../../electron/search/search-repository.ts';
import { createMessageSourceRepository, type FullSource } from '../../electron/store/message-source-repository.ts';
import { openConnection } from '../../electron/store/open-database.ts';
import { readInteger } from '../../electron/store/row-values.ts';
import { runInTransaction } from '../../electron/store/transaction.ts';
import { createWordIndexer, type WordIndexer } from '../../electron/search/word-index.ts';
import { startDovecot } from '../../test/servers/dovecot.ts';
import { writeMaildirMessages } from '../../test/servers/seed.ts';
import { corpusFlags, corpusMessage } from './corpus.ts';
import { offlineSyncRequest } from './offline-sync-request.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const here = dirname(fileURLToPath(import.meta.url));

function cpuMs(work: () => void): number {
  const before = process.threadCpuUsage();
  work();
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1000;
}

const workDir = mkdtempSync(join(tmpdir(), 'letterbox-body-store-'));
const server = await startDovecot();
try {
  writeMaildirMessages(server, 'alice', 'INBOX', { count: messageCount, message: corpusMessage }, corpusFlags);
  const request = offlineSyncRequest(server, join(workDir, 'headers'), 'headers', messageCount);
  const child = spawnSync(process.execPath, [join(here, 'offline-sync-child.ts')], { encoding: 'utf8', env: { ...process.env, OFFLINE_SYNC_REQUEST: JSON.stringify(request) } });
  if (child.status !== 0) throw new Error(`the headers-only sync failed: ${child.stderr}`);

  // Message rows by UID; Maildir message i has UID i + 1.
  const probe = openConnection(request.dataDir);
  const rows = probe.prepare('SELECT id, uid FROM messages ORDER BY date DESC, id DESC').all();
  probe.close();
  const texts = new Map<number, BodyText>();
  const entries: FullSource[] = [];
  for (const row of rows) {
    const uid = readInteger(row, 'uid');
    const source = corpusMessage(uid - 1);
    const text = await bodyTextOf(source);
    texts.set(uid, text);
    entries.push({ messageId: String(readInteger(row, 'id')), source, text });
  }

  type Database = ReturnType<typeof openConnection>;
  const unindexHeaders = (database: Database) => {
    database.exec("INSERT INTO search_words (search_words, rowid, subject, from_text, to_text, cc_text, body, filenames) SELECT 'delete', doc_key, subject, from_text, to_text, cc_text, body, filenames FROM search_text WHERE words_indexed = 1");
    database.exec('UPDATE search_text SET words_indexed = 0');
  };
  type Variant = {
    readonly name: string;
    readonly batch: number;
    readonly prepare?: (database: Database) => void;
    readonly withText?: boolean;
    // Run after each batch, in its own transaction, timed with it.
    readonly afterBatch?: (words: WordIndexer) => void;
  };
  const variants: readonly Variant[] = [
    { name: 'as the sync does: batches of 100, with text', batch: 100 },
    { name: 'batches of 400, with text', batch: 400 },
    { name: 'batches of 100, sources only (no text)', batch: 100, withText: false },
    { name: 'batches of 100, with text, header rows not yet in the word index (all indexed after, in one transaction)', batch: 100, prepare: unindexHeaders },
    {
      name: 'batches of 100, with text, header rows not yet in the word index (indexed after each batch, 100 rows a transaction)',
      batch: 100,
      prepare: unindexHeaders,
      afterBatch: (words) => {
        words.indexPending(100);
      },
    },
  ];
  const results: Record<string, number> = {};
  for (const variant of variants) {
    const dataDir = join(workDir, `variant-${Object.keys(results).length}`);
    cpSync(request.dataDir, dataDir, { recursive: true });
    const database = openConnection(dataDir);
    database.exec('PRAGMA synchronous = NORMAL');
    variant.prepare?.(database);
    const sources = createMessageSourceRepository(database);
    const words = createWordIndexer(database);
    const list = variant.withText === false ? entries.map(({ messageId, source }) => ({ messageId, source })) : entries;
    let stored = 0;
    let ms = 0;
    for (let start = 0; start < list.length; start += variant.batch) {
      const slice = list.slice(start, start + variant.batch);
      ms += cpuMs(() => {
        void sources.storeFullBatch(slice).then((count) => {
          stored += count;
        });
        const { afterBatch } = variant;
        if (afterBatch !== undefined) {
          runInTransaction(database, () => {
            afterBatch(words);
          });
        }
      });
    }
    await Promise.resolve();
    if (variant.prepare !== undefined) {
      ms += cpuMs(() => {
        database.exec('BEGIN IMMEDIATE');
        database.exec("INSERT INTO search_words (rowid, subject, from_text, to_text, cc_text, body, filenames) SELECT doc_key, subject, from_text, to_text, cc_text, body, filenames FROM search_text WHERE words_indexed = 0");
        database.exec('UPDATE search_text SET words_indexed = 1');
        database.exec('COMMIT');
      });
    }
    database.close();
    if (stored !== entries.length) throw new Error(`${variant.name}: stored ${stored} of ${entries.length}`);
    results[variant.name] = Math.round((ms * 1000) / entries.length);
  }
  console.log(`BODY_STORE_CPU µs per message, ${messageCount} messages: ${JSON.stringify(results, null, 1)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
