// The header writer's thread: its own connection to the store, writing batches of
// headers with the same repository code the main thread would run (header-writer.ts),
// and catching threads and the word index up with what sync's batches deferred once
// they stop coming.
import { parentPort, workerData } from 'node:worker_threads';
import { createLocalRepository } from '../local/local-repository.ts';
import { createBodyTextPool, type BodyTextPool } from '../search/body-text-pool.ts';
import type { BodyText } from '../search/search-repository.ts';
import { createWordIndexer, type BodiesExpected } from '../search/word-index.ts';
import { createThreadIndexer } from '../threads/thread-indexer.ts';
import type { HeaderWriteReply, HeaderWriterMessage, HeaderWriterData } from './header-writer-protocol.ts';
import { createMessageRepository } from './message-repository.ts';
import { createMessageSourceRepository } from './message-source-repository.ts';
import { openConnection } from './open-connection.ts';
import { runInTransaction } from './transaction.ts';

// A pause in the batches this long means the sync is done or waiting: index then.
const quietMs = 30;
// Idle this long, the connection gives back its page cache (up to 16 MiB, open-database.ts):
// between syncs this thread writes nothing, and the next batch reads the pages it needs
// again from the file system's cache.
const idleShrinkMs = 5000;
// Rows indexed per transaction, so a write that arrives waits for at most one chunk.
const chunkRows = 2000;
// While a sync's headers arrive (catchUpHeld), the catch-up waits at most this long between
// runs: a first sync of 100,000 messages takes minutes, and search and the conversation
// view should find its mail as it comes, not only at its end.
const maxHoldMs = 15_000;

const port = parentPort;
if (port === null) throw new Error('header-writer-worker.ts runs only as a worker thread');
const { dataDir } = workerData as HeaderWriterData;
const database = openConnection(dataDir);
// What this thread writes (headers, and the sources of IMAP mail a full offline sync
// downloads) is a copy of the server's, fetched again if lost, and nothing is deleted on
// its strength: this connection skips the fsync at each commit. WAL is one file written in
// order, so the main thread's next FULL commit (the folder's new UIDNEXT among them) makes
// every batch before it durable too, and a power cut before that loses only copies the
// store does not yet claim to have (docs/decisions.md).
database.exec('PRAGMA synchronous = NORMAL');
const messages = createMessageRepository(database, true);
const sources = createMessageSourceRepository(database);
const words = createWordIndexer(database);
const threads = createThreadIndexer(database);
const local = createLocalRepository(database);
let catchUp: NodeJS.Timeout | null = null;
// Set while the thread waits to give back its page cache (shrinkOnceIdle).
let idle: NodeJS.Timeout | null = null;
// flush requests answered once nothing waits for the index.
const waiting: number[] = [];
// Large sources arriving in ranges (sources.beginLargeSource), by upload.
const uploads = new Map<number, Uint8Array[]>();
// Their text is read by a body text thread of this thread's own, started on the first one:
// parsing a 137 MB message here would hold every header write behind it for seconds, and
// handing it back to the main thread for the shared pool would copy it there.
let textPool: BodyTextPool | null = null;
// What a large source is indexed with when its body text thread died on it (memory, a
// parser bug): stored without any text, the search service would parse it on the main
// thread later (electron/search/index-pending-bodies.ts). Its headers are still indexed.
const noText: BodyText = { body: '', fileNames: [] };
// Accounts whose bodies are downloading (header-writer.ts expectBodies): the catch-up leaves
// their rows that wait for a body, each indexed once when its body is stored.
let expected: readonly BodiesExpected[] = [];
// Waiting rows up to this message id were held at the last whole pass (word-index.ts).
let heldThrough = 0;
// A sync's headers are arriving (header-writer.ts beginHeaderSync): the catch-up waits, for
// at most maxHoldMs after its last run, which began at lastCatchUpAt.
let held = false;
let lastCatchUpAt = performance.now();

async function storeLargeSource(upload: number, messageId: string): Promise<number> {
  const chunks = uploads.get(upload);
  uploads.delete(upload);
  if (chunks === undefined) throw new Error('The chunks of this message were not received');
  const source = Buffer.concat(chunks);
  chunks.length = 0;
  textPool ??= createBodyTextPool(1);
  const text = await textPool.bodyText(source).catch(() => noText);
  return (await sources.storeFull(messageId, source, text)) ? 1 : 0;
}

// Local Folders hold the only copy of their mail, and a POP3 DELE or an IMAP expunge follows
// their commit (docs/decisions.md, "Local Folders are Maildir files"): those commits are
// made durable before they are answered, as the main thread's connection makes every one.
async function durably<T>(work: () => Promise<T>): Promise<T> {
  database.exec('PRAGMA synchronous = FULL');
  try {
    return await work();
  } finally {
    database.exec('PRAGMA synchronous = NORMAL');
  }
}

// Threads first: the conversation view shows a message alone until it has one.
function indexChunk(): number {
  return runInTransaction(database, () => {
    const assigned = threads.assignPending(chunkRows);
    const indexed = words.indexPending(chunkRows, expected, heldThrough);
    // A whole pass: what still waits up to here is held until the set changes.
    if (expected.length > 0 && indexed < chunkRows) heldThrough = words.lastMessageId();
    return Math.max(assigned, indexed);
  });
}

// One chunk per turn of the event loop: writes that arrive meanwhile go first.
function runChunk(): void {
  catchUp = null;
  if (!database.isOpen) return;
  lastCatchUpAt = performance.now();
  let indexed: number;
  try {
    indexed = indexChunk();
  } catch (error) {
    for (const id of waiting.splice(0)) reply(failure(id, error));
    return;
  }
  shrinkOnceIdle();
  if (indexed === chunkRows) scheduleCatchUp(0, true);
  else for (const id of waiting.splice(0)) reply({ id, ok: true });
}

function shrinkOnceIdle(): void {
  if (idle !== null) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    if (database.isOpen) database.exec('PRAGMA shrink_memory');
  }, idleShrinkMs);
  // Never what keeps the thread alive.
  idle.unref();
}

// While held, no sooner than maxHoldMs after the last run began, unless it continues a run
// (chunk by chunk, to the end of what waits).
function scheduleCatchUp(delayMs: number, continuing = false): void {
  if (catchUp !== null) clearTimeout(catchUp);
  const holding = held && !continuing ? lastCatchUpAt + maxHoldMs - performance.now() : 0;
  catchUp = setTimeout(runChunk, Math.max(delayMs, holding));
}

function reply(message: HeaderWriteReply): void {
  shrinkOnceIdle();
  port?.postMessage(message);
}

function failure(id: number, error: unknown): HeaderWriteReply {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const errcode = error instanceof Error && 'errcode' in error && typeof error.errcode === 'number' ? error.errcode : undefined;
  return { id, ok: false, message: error instanceof Error ? error.message : String(error), code, ...(errcode === undefined ? {} : { errcode }) };
}

function answer(id: number, work: Promise<Omit<Extract<HeaderWriteReply, { ok: true }>, 'id' | 'ok'>>): void {
  work.then(
    (result) => {
      reply({ id, ok: true, ...result });
    },
    (error: unknown) => {
      reply(failure(id, error));
    },
  );
}

port.on('message', (message: HeaderWriterMessage) => {
  if (message.kind === 'close') {
    if (catchUp !== null) clearTimeout(catchUp);
    if (idle !== null) clearTimeout(idle);
    void textPool?.close();
    uploads.clear();
    // Closed here rather than torn down by terminate(), so the connection ends cleanly.
    database.close();
    Atomics.store(message.closed, 0, 1);
    Atomics.notify(message.closed, 0);
    port.close();
    return;
  }
  if (message.kind === 'flush') {
    waiting.push(message.id);
    scheduleCatchUp(0);
    return;
  }
  if (message.kind === 'largeSourceChunk') {
    const chunks = uploads.get(message.upload);
    if (chunks === undefined) uploads.set(message.upload, [message.chunk]);
    else chunks.push(message.chunk);
    return;
  }
  if (message.kind === 'bodiesExpected') {
    const released = expected.some((entry) => !message.expected.some((kept) => kept.accountId === entry.accountId && kept.since === entry.since));
    expected = message.expected;
    heldThrough = 0;
    // What a download that ended left without a body is indexed by its headers now.
    if (released) scheduleCatchUp(0);
    return;
  }
  if (message.kind === 'catchUpHeld') {
    held = message.held;
    // Released: what waited is indexed now. Held: a catch-up already scheduled waits too.
    if (!held || catchUp !== null) scheduleCatchUp(held ? quietMs : 0);
    return;
  }
  if (message.kind === 'largeSourceAbort') {
    uploads.delete(message.upload);
    return;
  }
  if (message.kind === 'largeSourceCommit') {
    answer(
      message.id,
      storeLargeSource(message.upload, message.messageId).then((count) => ({ count })),
    );
    return;
  }
  if (message.kind === 'localInsert') {
    answer(
      message.id,
      durably(() => local.insertMessages(message.folderId, message.messages)).then((ids) => ({ ids })),
    );
    return;
  }
  if (message.kind === 'localComplete') {
    answer(
      message.id,
      durably(() => local.completeMessage(message.messageRef, message.file, message.bodyText)).then((stored) => ({ count: stored ? 1 : 0 })),
    );
    return;
  }
  if (message.kind === 'sources') {
    answer(
      message.id,
      sources.storeFullBatch(message.entries).then((count) => ({ count })),
    );
    return;
  }
  answer(
    message.id,
    messages.upsertHeaders(message.folderId, message.headers, message.options).then(() => {
      if (message.options.deferSearchIndex === true) scheduleCatchUp(quietMs);
      return {};
    }),
  );
});

// Rows a crash left waiting.
scheduleCatchUp(quietMs);
