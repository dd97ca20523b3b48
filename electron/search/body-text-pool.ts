import { availableParallelism } from 'node:os';
import { createWorkerRequests } from '../worker-requests.ts';
import { siblingWorkerUrl } from '../worker-url.ts';
import type { ParsedLocalMessage } from '../local/local-header.ts';
import type { BodyTextReply, BodyTextRequest, LocalSourceRef } from './body-text-protocol.ts';
import type { BodyText } from './search-repository.ts';

// Parses downloaded sources for the search index on worker threads (docs/decisions.md,
// "Parsing off the main thread"). mailparser parses about 1,900 messages a second on one
// core: a full offline sync of a big mailbox is bound by it, and on the main thread it
// would hold up IMAP, IPC and the UI's queries. Each thread takes the next source when it
// has the fewest waiting; a thread that dies fails only what it held and is replaced.
export type BodyTextPool = {
  bodyText(source: Buffer): Promise<BodyText>;
  // Indexes a stored message's body on the thread, which reads its source and writes its
  // text itself: a 137 MB BLOB read holds its thread about 400 ms, and writing 4 Mi
  // characters into the word index about as long (issue 9, hostile sizes). False when the
  // store holds no source for it.
  indexStored(dataDir: string, messageId: string): Promise<boolean>;
  // The envelope and text of a message delivered into Local Folders (local-header.ts). A file
  // is read by the thread itself, so a 137 MB message is never copied on this thread; bytes
  // are copied (headers-only deliveries are small).
  localMessage(from: { readonly path: string } | { readonly source: Buffer }, size: number, receivedAt: number): Promise<ParsedLocalMessage>;
  close(): Promise<void>;
};

// A thread left to V8's defaults grows its heap with every message it parses and rarely
// collects: after a full offline sync of 6,000 messages the process held about 290 MB
// more, and kept it. Bounded, the same sync holds about 80 MB more, as fast. Parsing is
// streamed and its text capped (body-text.ts), so one message needs far less than this;
// a thread that still runs out stops, its messages are stored unindexed, and it is
// replaced (download-bodies.ts). The young generation is 16 MB, not 8: a thread is handed
// a whole batch and parses its messages interleaved, and with 8 MB their parse state
// outlived the frequent scavenges and was promoted; parsing the corpus cost the process
// about a sixth more CPU per message (docs/decisions.md, "Full offline sync: where the
// time goes"). The threads stop when idle, so this is held only while a sync parses.
export const bodyTextThreadLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } as const;

// Each idle thread still holds about 30 MB (its heap, mailparser loaded); after a sync they
// would hold it until the app quits. During a sync a thread waits for the next batch for
// well under a second; starting one again costs 300 to 400 ms of CPU (bundled, measured on
// this 2-core VM), so a burst of new mail does not restart them for every message.
export const bodyTextIdleStopMs = 15_000;

export function createBodyTextPool(size = defaultPoolSize()): BodyTextPool {
  const requests = createWorkerRequests<BodyTextReply>({
    url: siblingWorkerUrl(import.meta.url, 'body-text-worker'),
    size,
    resourceLimits: bodyTextThreadLimits,
    stopWhenIdleMs: bodyTextIdleStopMs,
    stopped: (cause) => (cause === null ? 'A body text thread stopped' : `A body text thread stopped: ${cause.message}`),
    closed: 'The body text threads are closed',
  });

  return {
    async bodyText(source) {
      // A copy: the source may share its memory with other buffers (imapflow's). The copy
      // is handed over, not cloned again: for a 100 MB message each copy costs the main
      // thread a few hundred milliseconds (issue 9, hostile sizes).
      const copy = new Uint8Array(source);
      const reply = await requests.request((id) => ({ id, kind: 'text', source: copy }) satisfies BodyTextRequest, [copy.buffer]);
      if (reply.kind !== 'text') throw new Error('A body text thread answered out of turn');
      return reply.text;
    },
    async indexStored(dataDir, messageId) {
      const reply = await requests.request((id) => ({ id, kind: 'indexStored', dataDir, messageId }) satisfies BodyTextRequest);
      if (reply.kind !== 'indexStored') throw new Error('A body text thread answered out of turn');
      return reply.indexed;
    },
    async localMessage(from, size, receivedAt) {
      let ref: LocalSourceRef;
      const transfer: ArrayBuffer[] = [];
      if ('path' in from) ref = { kind: 'file', path: from.path };
      else {
        const copy = new Uint8Array(from.source);
        transfer.push(copy.buffer);
        ref = { kind: 'bytes', source: copy };
      }
      const reply = await requests.request((id) => ({ id, kind: 'local', from: ref, size, receivedAt }) satisfies BodyTextRequest, transfer);
      if (reply.kind !== 'local') throw new Error('A body text thread answered out of turn');
      return reply.parsed;
    },
    close: () => requests.close(),
  };
}

// One thread a core: while bodies download the main thread mostly waits on the network,
// and parsing is what the sync waits for.
function defaultPoolSize(): number {
  return Math.min(4, availableParallelism());
}

let shared: BodyTextPool | null = null;

// The process's pool, started on first use; its idle threads never keep the process alive.
export function sharedBodyTextPool(): BodyTextPool {
  shared ??= createBodyTextPool();
  return shared;
}
