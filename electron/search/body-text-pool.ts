import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BodyTextReply, BodyTextRequest } from './body-text-protocol.ts';
import type { BodyText } from './search-repository.ts';
import { siblingWorkerUrl } from '../worker-url.ts';

// Parses downloaded sources for the search index on worker threads (docs/decisions.md,
// "Parsing off the main thread"). mailparser parses about 1,900 messages a second on one
// core: a full offline sync of a big mailbox is bound by it, and on the main thread it
// would hold up IMAP, IPC and the UI's queries. Each thread takes the next source when it
// has the fewest waiting; a thread that dies fails only what it held and is replaced.
export type BodyTextPool = {
  bodyText(source: Buffer): Promise<BodyText>;
  close(): Promise<void>;
};

// A thread left to V8's defaults grows its heap with every message it parses and rarely
// collects: after a full offline sync of 6,000 messages the process held about 290 MB
// more, and kept it. Bounded, the same sync holds about 80 MB more, as fast. Parsing is
// streamed and its text capped (body-text.ts), so one message needs far less than this;
// a thread that still runs out stops, its messages are stored unindexed, and it is
// replaced (download-bodies.ts).
export const bodyTextThreadLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 } as const;

type Pending = { readonly resolve: (text: BodyText) => void; readonly reject: (error: Error) => void };
type Thread = { readonly worker: Worker; readonly pending: Map<number, Pending> };

export function createBodyTextPool(size = defaultPoolSize()): BodyTextPool {
  const threads: (Thread | null)[] = Array.from({ length: Math.max(1, size) }, () => null);
  let nextId = 1;
  let closed = false;

  const start = (slot: number): Thread => {
    const worker = new Worker(siblingWorkerUrl(import.meta.url, 'body-text-worker'), { resourceLimits: bodyTextThreadLimits });
    // Idle threads must not keep the process alive.
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    const failAll = (error: Error) => {
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
      if (threads[slot] === thread) threads[slot] = null;
    };
    worker.on('message', (reply: BodyTextReply) => {
      const waiting = thread.pending.get(reply.id);
      if (waiting === undefined) return;
      thread.pending.delete(reply.id);
      // A thread is referenced only while it holds work.
      if (thread.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.text);
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error: Error) => {
      failAll(new Error(`A body text thread stopped: ${error.message}`));
    });
    worker.on('exit', () => {
      failAll(new Error('A body text thread stopped'));
    });
    threads[slot] = thread;
    return thread;
  };

  const leastBusy = (): Thread => {
    let best: { slot: number; load: number } | null = null;
    for (const [slot, thread] of threads.entries()) {
      const load = thread?.pending.size ?? 0;
      if (best === null || load < best.load) best = { slot, load };
    }
    const slot = best?.slot ?? 0;
    return threads[slot] ?? start(slot);
  };

  return {
    bodyText(source) {
      if (closed) return Promise.reject(new Error('The body text threads are closed'));
      const thread = leastBusy();
      const id = nextId;
      nextId += 1;
      return new Promise<BodyText>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.ref();
        // A copy: the source may share its memory with other buffers (imapflow's). The copy
        // is handed over, not cloned again: for a 100 MB message each copy costs the main
        // thread a few hundred milliseconds (issue 9, hostile sizes).
        const copy = new Uint8Array(source);
        thread.worker.postMessage({ id, source: copy } satisfies BodyTextRequest, [copy.buffer]);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.flatMap((thread) => (thread === null ? [] : [thread.worker.terminate()])));
    },
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
