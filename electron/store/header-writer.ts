import { Worker } from 'node:worker_threads';
import type { HeaderWriteReply, HeaderWriterData, HeaderWriterMessage } from './header-writer-protocol.ts';
import type { LocalMessageInput } from '../local/local-repository.ts';
import type { BodyText } from '../search/search-repository.ts';
import type { HeaderInput, UpsertOptions } from './message-repository.ts';
import type { FullSource, LargeSourceUpload } from './message-source-repository.ts';
import type { BodiesExpected } from '../search/word-index.ts';
import { toRowId } from './row-id.ts';
import { siblingWorkerUrl } from '../worker-url.ts';

// Writes synced headers from a worker thread with its own connection to the store
// (docs/decisions.md, "Header writes on a second thread"). A first sync spends as long in
// SQLite (inserts, search index) as imapflow spends parsing the FETCH answers; on one
// thread the two add up, on two they overlap, and the UI's thread stays free. Each write
// resolves once its transaction has committed, so what the caller does next sees it.
export type HeaderWriter = {
  upsertHeaders(folderId: string, headers: readonly HeaderInput[], options?: UpsertOptions): Promise<void>;
  // Resolves once every deferred row is in the word index.
  flushSearchIndex(): Promise<void>;
  // A sync's headers are about to arrive: the catch-up of threads and the word index waits
  // until every returned release is called. On two cores shared with the IMAP server, the
  // catch-up took its CPU from the FETCH's parse and the inserts (docs/decisions.md, "Header
  // sync: the catch-up waits for the sync"). For a first sync the thread starts now, while
  // the sync logs in and lists folders, rather than as the first batch arrives.
  beginHeaderSync(firstSync: boolean): () => void;
  // sources.storeFullBatch on this thread: a full offline sync's bodies, text indexed here.
  storeFullBatch(entries: readonly FullSource[]): Promise<number>;
  // sources.beginLargeSource on this thread: the chunks are assembled there, indexed by a
  // body text thread of its own and committed there (issue 9, hostile sizes).
  beginLargeSource(messageId: string): LargeSourceUpload;
  // offlinePolicy.expectBodies on this thread's word index: until the returned release is
  // called (and releaseGraceMs after it), the catch-up leaves the account's rows that wait
  // for a body, so each is indexed once, with its body.
  expectBodies(accountId: string, since: number | null): () => void;
  // local.insertMessages and local.completeMessage on this thread, each commit durable
  // (synchronous=FULL): a local message's text for the word index is up to 4 Mi characters,
  // and that commit held the main thread 1.4 s (issue 9, hostile sizes).
  insertLocalMessages(folderId: string, messages: readonly LocalMessageInput[]): Promise<readonly string[]>;
  completeLocalMessage(messageRef: string, file: { readonly baseName: string; readonly fileName: string }, bodyText: BodyText): Promise<boolean>;
  close(): void;
};

export class HeaderWriteError extends Error {
  readonly code: string | null;
  // SQLite's result code, as node:sqlite's errors carry it (disk-write-error.ts reads it).
  readonly errcode: number | undefined;
  constructor(message: string, code: string | null, errcode?: number) {
    super(message);
    this.name = 'HeaderWriteError';
    this.code = code;
    this.errcode = errcode;
  }
}

// Longer than any one batch's transaction takes; past it, close goes on without waiting.
const closeTimeoutMs = 10_000;

// A download that gave way to another sync is followed by that sync's own at once: its rows
// are not indexed by their headers in between.
const releaseGraceMs = 2000;

type Expecting = { holders: number; since: number | null; released: NodeJS.Timeout | null };

type Answer = Extract<HeaderWriteReply, { ok: true }>;
type Pending = { readonly resolve: (answer: Answer) => void; readonly reject: (error: Error) => void };

export function createHeaderWriter(dataDir: string): HeaderWriter {
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;
  let nextUpload = 1;
  // Syncs whose headers are arriving (beginHeaderSync).
  let headerSyncs = 0;
  const pending = new Map<number, Pending>();
  const expecting = new Map<number, Expecting>();
  const expectedNow = (): readonly BodiesExpected[] => [...expecting].map(([accountId, entry]) => ({ accountId, since: entry.since }));
  // Only to a running thread: one started later is told first thing (start).
  const sendExpected = () => {
    worker?.postMessage({ kind: 'bodiesExpected', expected: expectedNow() } satisfies HeaderWriterMessage);
  };

  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };

  // Started on the first write: most stores (tests, a service with nothing to sync) never need it.
  const start = (): Worker => {
    const started = new Worker(siblingWorkerUrl(import.meta.url, 'header-writer-worker'), { workerData: { dataDir } satisfies HeaderWriterData });
    // A thread waiting for work must not keep the process alive; one with work to answer does.
    started.unref();
    started.on('message', (reply: HeaderWriteReply) => {
      const waiting = pending.get(reply.id);
      if (waiting === undefined) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new HeaderWriteError(reply.message, reply.code, reply.errcode));
    });
    started.on('error', (error: Error) => {
      worker = null;
      failAll(new HeaderWriteError(`The header writer stopped: ${error.message}`, null));
    });
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(new HeaderWriteError('The header writer stopped', null));
    });
    if (expecting.size > 0) started.postMessage({ kind: 'bodiesExpected', expected: expectedNow() } satisfies HeaderWriterMessage);
    if (headerSyncs > 0) started.postMessage({ kind: 'catchUpHeld', held: true } satisfies HeaderWriterMessage);
    return started;
  };

  const send = (message: (id: number) => HeaderWriterMessage): Promise<Answer> => {
    if (closed) return Promise.reject(new HeaderWriteError('The store is closed', null));
    worker ??= start();
    const id = nextId;
    nextId += 1;
    const running = worker;
    return new Promise<Answer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      running.ref();
      running.postMessage(message(id));
    });
  };

  const releaseOnce = (key: number): (() => void) => {
    let done = false;
    return () => {
      const entry = expecting.get(key);
      if (done || entry === undefined) return;
      done = true;
      entry.holders -= 1;
      if (entry.holders > 0) return;
      entry.released = setTimeout(() => {
        expecting.delete(key);
        sendExpected();
      }, releaseGraceMs);
      // Never what keeps the process alive: a store closed meanwhile indexes them when next opened.
      entry.released.unref();
    };
  };

  return {
    async upsertHeaders(folderId, headers, options = {}) {
      await send((id) => ({ kind: 'write', id, folderId, headers, options }));
    },
    async flushSearchIndex() {
      await send((id) => ({ kind: 'flush', id }));
    },
    beginHeaderSync(firstSync) {
      if (closed) return () => undefined;
      headerSyncs += 1;
      // A thread started later is told as it starts. Only a first sync starts one: a resync
      // that finds nothing changed writes nothing.
      if (worker === null && firstSync) worker = start();
      else if (headerSyncs === 1) worker?.postMessage({ kind: 'catchUpHeld', held: true } satisfies HeaderWriterMessage);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        headerSyncs -= 1;
        if (headerSyncs === 0) worker?.postMessage({ kind: 'catchUpHeld', held: false } satisfies HeaderWriterMessage);
      };
    },
    async storeFullBatch(entries) {
      return (await send((id) => ({ kind: 'sources', id, entries }))).count ?? 0;
    },
    async insertLocalMessages(folderId, messages) {
      return (await send((id) => ({ kind: 'localInsert', id, folderId, messages }))).ids ?? [];
    },
    async completeLocalMessage(messageRef, file, bodyText) {
      return (await send((id) => ({ kind: 'localComplete', id, messageRef, file, bodyText }))).count === 1;
    },
    beginLargeSource(messageId) {
      const upload = nextUpload;
      nextUpload += 1;
      let ended = false;
      // The thread the chunks went to: a thread started after it died has none of them.
      let receiver: Worker | null = null;
      return {
        append(chunk) {
          if (ended) throw new HeaderWriteError('This upload has already ended', null);
          if (closed) throw new HeaderWriteError('The store is closed', null);
          worker ??= start();
          if (receiver !== null && receiver !== worker) throw new HeaderWriteError('The header writer stopped', null);
          receiver = worker;
          // Handed over, not cloned: a chunk with memory of its own is moved to the thread
          // (the caller must not use it again); one that shares its memory is copied first.
          // Each copy of the 2 MiB chunks of a 137 MB message is garbage this thread collects.
          const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
          const moved = owned ? chunk : new Uint8Array(chunk);
          worker.postMessage({ kind: 'largeSourceChunk', upload, chunk: moved } satisfies HeaderWriterMessage, [moved.buffer as ArrayBuffer]);
        },
        commit() {
          if (ended) return Promise.reject(new HeaderWriteError('This upload has already ended', null));
          ended = true;
          if (receiver !== null && receiver !== worker) return Promise.reject(new HeaderWriteError('The header writer stopped', null));
          return send((id) => ({ kind: 'largeSourceCommit', id, upload, messageId })).then((answer) => (answer.count ?? 0) > 0);
        },
        abort() {
          if (ended) return;
          ended = true;
          if (receiver !== null && receiver === worker) receiver.postMessage({ kind: 'largeSourceAbort', upload } satisfies HeaderWriterMessage);
        },
      };
    },
    expectBodies(accountId, since) {
      const key = toRowId(accountId);
      const entry = expecting.get(key);
      if (entry === undefined) expecting.set(key, { holders: 1, since, released: null });
      else {
        if (entry.released !== null) clearTimeout(entry.released);
        entry.released = null;
        entry.holders += 1;
        if (entry.since === since) return releaseOnce(key);
        entry.since = since;
      }
      sendExpected();
      return releaseOnce(key);
    },
    // Returns once the thread's connection is closed (writes already asked for are done
    // first), so the main thread's connection, closed after it, is the last one: SQLite
    // then checkpoints the WAL into the database file and removes it.
    close() {
      closed = true;
      for (const entry of expecting.values()) if (entry.released !== null) clearTimeout(entry.released);
      expecting.clear();
      if (worker !== null) {
        const done = new Int32Array(new SharedArrayBuffer(4));
        worker.postMessage({ kind: 'close', closed: done } satisfies HeaderWriterMessage);
        Atomics.wait(done, 0, 0, closeTimeoutMs);
        worker = null;
      }
      failAll(new HeaderWriteError('The store is closed', null));
    },
  };
}
