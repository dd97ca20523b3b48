// The header writer's thread: its own connection to the store, writing batches of
// headers with the same repository code the main thread would run (header-writer.ts),
// and catching threads and the word index up with what sync's batches deferred once
// they stop coming.
import { parentPort, workerData } from 'node:worker_threads';
import { createWordIndexer } from '../search/word-index.ts';
import { createThreadIndexer } from '../threads/thread-indexer.ts';
import type { HeaderWriteReply, HeaderWriterMessage, HeaderWriterData } from './header-writer-protocol.ts';
import { createMessageRepository } from './message-repository.ts';
import { createMessageSourceRepository } from './message-source-repository.ts';
import { openConnection } from './open-database.ts';
import { runInTransaction } from './transaction.ts';

// A pause in the batches this long means the sync is done or waiting: index then.
const quietMs = 30;
// Rows indexed per transaction, so a write that arrives waits for at most one chunk.
const chunkRows = 2000;

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
let catchUp: NodeJS.Timeout | null = null;
// flush requests answered once nothing waits for the index.
const waiting: number[] = [];

// Threads first: the conversation view shows a message alone until it has one.
function indexChunk(): number {
  return runInTransaction(database, () => Math.max(threads.assignPending(chunkRows), words.indexPending(chunkRows)));
}

// One chunk per turn of the event loop: writes that arrive meanwhile go first.
function runChunk(): void {
  catchUp = null;
  if (!database.isOpen) return;
  let indexed: number;
  try {
    indexed = indexChunk();
  } catch (error) {
    for (const id of waiting.splice(0)) reply(failure(id, error));
    return;
  }
  if (indexed === chunkRows) scheduleCatchUp(0);
  else for (const id of waiting.splice(0)) reply({ id, ok: true });
}

function scheduleCatchUp(delayMs: number): void {
  if (catchUp !== null) clearTimeout(catchUp);
  catchUp = setTimeout(runChunk, delayMs);
}

function reply(message: HeaderWriteReply): void {
  port?.postMessage(message);
}

function failure(id: number, error: unknown): HeaderWriteReply {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  return { id, ok: false, message: error instanceof Error ? error.message : String(error), code };
}

port.on('message', (message: HeaderWriterMessage) => {
  if (message.kind === 'close') {
    if (catchUp !== null) clearTimeout(catchUp);
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
  if (message.kind === 'sources') {
    void sources.storeFullBatch(message.entries).then(
      (count) => {
        reply({ id: message.id, ok: true, count });
      },
      (error: unknown) => {
        reply(failure(message.id, error));
      },
    );
    return;
  }
  void messages.upsertHeaders(message.folderId, message.headers, message.options).then(
    () => {
      if (message.options.deferSearchIndex === true) scheduleCatchUp(quietMs);
      reply({ id: message.id, ok: true });
    },
    (error: unknown) => {
      reply(failure(message.id, error));
    },
  );
});

// Rows a crash left waiting.
scheduleCatchUp(quietMs);
