import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';

// The bookkeeping every pool of worker threads here shares (the body text threads, the
// message view threads): requests numbered and matched to their replies, each sent to the
// thread holding the fewest, a thread referenced only while it holds work (idle threads
// never keep the process alive), and a thread that dies failing only what it held and
// replaced by the next request.

// What a thread answers: the request's id, then its result or why it failed.
export type WorkerReply = { readonly id: number } & ({ readonly ok: true } | { readonly ok: false; readonly message: string });
export type SuccessOf<R extends WorkerReply> = Extract<R, { readonly ok: true }>;

export type WorkerRequestsOptions<R extends WorkerReply> = {
  readonly url: URL;
  readonly size: number;
  readonly resourceLimits?: ResourceLimits;
  // The error a request fails with when its thread stops (an uncaught error, or out of memory).
  readonly stopped: (cause: Error | null) => string;
  // What a request made after close() fails with.
  readonly closed: string;
  // Past this a request fails with this message, and its thread is stopped (what else it held
  // fails with it); the next request starts a new one.
  readonly timeout?: { readonly ms: number; readonly message: string };
  // True: the thread is stopped once idle, so its heap goes back to the system.
  readonly retireAfter?: (reply: SuccessOf<R>) => boolean;
  // A thread idle this long is stopped, so its heap goes back to the system; the next
  // request starts a new one (docs/decisions.md, "Memory after a full offline sync").
  readonly stopWhenIdleMs?: number;
};

export type WorkerRequests<R extends WorkerReply> = {
  // `message` gets the request's id; `transfer` moves memory to the thread rather than copying it.
  request(message: (id: number) => unknown, transfer?: readonly Transferable[]): Promise<SuccessOf<R>>;
  close(): Promise<void>;
};

type Pending<R> = {
  readonly resolve: (reply: R) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout | null;
};
type Thread<R> = {
  readonly worker: Worker;
  readonly slot: number;
  readonly pending: Map<number, Pending<R>>;
  retire: boolean;
  idle: NodeJS.Timeout | null;
};

export function createWorkerRequests<R extends WorkerReply>(options: WorkerRequestsOptions<R>): WorkerRequests<R> {
  const threads: (Thread<SuccessOf<R>> | null)[] = Array.from({ length: Math.max(1, options.size) }, () => null);
  let nextId = 1;
  let closed = false;

  const forget = (thread: Thread<SuccessOf<R>>) => {
    if (threads[thread.slot] === thread) threads[thread.slot] = null;
  };

  const start = (slot: number): Thread<SuccessOf<R>> => {
    const worker = new Worker(
      options.url,
      options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits },
    );
    worker.unref();
    const thread: Thread<SuccessOf<R>> = { worker, slot, pending: new Map(), retire: false, idle: null };
    const failAll = (error: Error) => {
      for (const waiting of thread.pending.values()) {
        if (waiting.timer !== null) clearTimeout(waiting.timer);
        waiting.reject(error);
      }
      thread.pending.clear();
      forget(thread);
    };
    worker.on('message', (reply: R) => {
      const waiting = thread.pending.get(reply.id);
      if (waiting === undefined) return;
      thread.pending.delete(reply.id);
      if (waiting.timer !== null) clearTimeout(waiting.timer);
      if (reply.ok && options.retireAfter?.(reply as SuccessOf<R>) === true) thread.retire = true;
      if (thread.pending.size === 0) {
        worker.unref();
        if (thread.retire) {
          forget(thread);
          void worker.terminate();
        } else stopOnceIdle(thread);
      }
      if (reply.ok) waiting.resolve(reply as SuccessOf<R>);
      else waiting.reject(new Error((reply as { readonly message: string }).message));
    });
    worker.on('error', (error: Error) => {
      failAll(new Error(options.stopped(error)));
    });
    worker.on('exit', () => {
      failAll(new Error(options.stopped(null)));
    });
    threads[slot] = thread;
    return thread;
  };

  const stopOnceIdle = (thread: Thread<SuccessOf<R>>) => {
    const idleMs = options.stopWhenIdleMs;
    if (idleMs === undefined) return;
    thread.idle = setTimeout(() => {
      thread.idle = null;
      if (thread.pending.size > 0) return;
      forget(thread);
      void thread.worker.terminate();
    }, idleMs);
    thread.idle.unref();
  };

  const leastBusy = (): Thread<SuccessOf<R>> => {
    let best: { slot: number; load: number } | null = null;
    for (const [slot, thread] of threads.entries()) {
      const load = thread?.pending.size ?? 0;
      if (best === null || load < best.load) best = { slot, load };
    }
    const slot = best?.slot ?? 0;
    return threads[slot] ?? start(slot);
  };

  return {
    request(message, transfer = []) {
      if (closed) return Promise.reject(new Error(options.closed));
      const thread = leastBusy();
      const id = nextId;
      nextId += 1;
      return new Promise<SuccessOf<R>>((resolve, reject) => {
        const { timeout } = options;
        const timer =
          timeout === undefined
            ? null
            : setTimeout(() => {
                thread.pending.delete(id);
                reject(new Error(timeout.message));
                forget(thread);
                void thread.worker.terminate();
              }, timeout.ms);
        if (thread.idle !== null) clearTimeout(thread.idle);
        thread.idle = null;
        thread.pending.set(id, { resolve, reject, timer });
        thread.worker.ref();
        thread.worker.postMessage(message(id), transfer);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.flatMap((thread) => (thread === null ? [] : [thread.worker.terminate()])));
    },
  };
}
