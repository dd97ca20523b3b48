import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AttachmentContent } from '../../shared/domain.ts';
import { siblingWorkerUrl } from '../worker-url.ts';
import type { MessageView } from './message-view.ts';
import type { MessageViewReply, MessageViewRequest, SourceRef } from './message-view-protocol.ts';

// The reader's parsing on worker threads (docs/decisions.md, "Hostile sizes"): mailparser
// takes seconds over a 50 MB body or a 100 MB attachment, and on the main thread every
// window, IPC call and sync would wait that long. A thread that takes longer than
// timeoutMs is stopped (the request fails with a clear error) and replaced; a thread that
// read a large source is stopped once idle, so its heap goes back to the system.
export type MessageViewPool = {
  // The source is handed over when `handOver` (its memory moves to the thread, no copy, and
  // the caller's Buffer is empty afterwards); else it is copied.
  view(source: Buffer, handOver: boolean): Promise<MessageView>;
  attachment(source: Buffer, attachmentId: string, handOver: boolean): Promise<AttachmentContent | null>;
  // The same, with the source read from the store by the thread; null when the store holds none.
  storedView(dataDir: string, messageId: string): Promise<MessageView | null>;
  storedAttachment(dataDir: string, messageId: string, attachmentId: string): Promise<{ readonly found: boolean; readonly attachment: AttachmentContent | null }>;
  close(): Promise<void>;
};

export type MessageViewPoolOptions = {
  readonly size?: number;
  readonly timeoutMs?: number;
  // V8's old generation of one thread; past it the thread dies and its request fails.
  readonly maxHeapMb?: number;
};

const largeSourceBytes = 16 * 1024 * 1024;

type From = { readonly kind: 'bytes'; readonly source: Buffer; readonly handOver: boolean } | { readonly kind: 'stored'; readonly dataDir: string; readonly messageId: string };
type Outgoing = { readonly kind: 'view'; readonly from: From } | { readonly kind: 'attachment'; readonly from: From; readonly attachmentId: string };
type Reply = MessageViewReply & { readonly ok: true };
type Pending = { readonly resolve: (reply: Reply) => void; readonly reject: (error: Error) => void; readonly timer: NodeJS.Timeout };
type Thread = { readonly worker: Worker; readonly slot: number; readonly pending: Map<number, Pending>; recycle: boolean };

export function createMessageViewPool(options: MessageViewPoolOptions = {}): MessageViewPool {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const threads: (Thread | null)[] = Array.from({ length: size }, () => null);
  let nextId = 1;
  let closed = false;

  const start = (slot: number): Thread => {
    const worker = new Worker(siblingWorkerUrl(import.meta.url, 'message-view-worker'), {
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 },
    });
    worker.unref();
    const thread: Thread = { worker, slot, pending: new Map(), recycle: false };
    const failAll = (error: Error) => {
      for (const waiting of thread.pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(error);
      }
      thread.pending.clear();
      if (threads[slot] === thread) threads[slot] = null;
    };
    worker.on('message', (reply: MessageViewReply) => {
      const waiting = thread.pending.get(reply.id);
      if (waiting === undefined) return;
      thread.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.ok && reply.sourceBytes > largeSourceBytes) thread.recycle = true;
      if (thread.pending.size === 0) {
        worker.unref();
        if (thread.recycle) {
          if (threads[slot] === thread) threads[slot] = null;
          void worker.terminate();
        }
      }
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error: Error) => {
      failAll(new Error(`Reading this message stopped: ${error.message}`));
    });
    worker.on('exit', () => {
      failAll(new Error('Reading this message stopped'));
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

  const send = (request: Outgoing): Promise<Reply> => {
    if (closed) return Promise.reject(new Error('The message reader is closed'));
    const thread = leastBusy();
    const id = nextId;
    nextId += 1;
    const { from } = request;
    let ref: SourceRef;
    const transfer: ArrayBuffer[] = [];
    if (from.kind === 'stored') ref = from;
    else {
      const { source } = from;
      // Handing over moves the memory only when the Buffer is the whole of it (never a slice
      // of Node's pool or of a bigger buffer); otherwise it is a copy.
      const whole = from.handOver && source.byteOffset === 0 && source.byteLength === source.buffer.byteLength && source.buffer instanceof ArrayBuffer;
      const bytes = whole ? new Uint8Array(source.buffer, 0, source.byteLength) : new Uint8Array(source);
      transfer.push(bytes.buffer);
      ref = { kind: 'bytes', source: bytes };
    }
    const message: MessageViewRequest = request.kind === 'view' ? { id, kind: 'view', from: ref } : { id, kind: 'attachment', from: ref, attachmentId: request.attachmentId };
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        thread.pending.delete(id);
        reject(new Error(`Letterbox gave up reading this message after ${timeoutMs / 1000} seconds.`));
        // Whatever else the thread held fails with it (its 'exit'); the next request starts a new one.
        if (threads[thread.slot] === thread) threads[thread.slot] = null;
        void thread.worker.terminate();
      }, timeoutMs);
      thread.pending.set(id, { resolve, reject, timer });
      thread.worker.ref();
      thread.worker.postMessage(message, transfer);
    });
  };

  const view = async (from: From) => {
    const reply = await send({ kind: 'view', from });
    if (reply.kind !== 'view') throw new Error('The message reader answered out of turn');
    return reply.view;
  };
  const attachment = async (from: From, attachmentId: string) => {
    const reply = await send({ kind: 'attachment', from, attachmentId });
    if (reply.kind !== 'attachment') throw new Error('The message reader answered out of turn');
    return { found: reply.found, attachment: reply.attachment };
  };

  return {
    async view(source, handOver) {
      const result = await view({ kind: 'bytes', source, handOver });
      if (result === null) throw new Error('The message reader lost the source');
      return result;
    },
    async attachment(source, attachmentId, handOver) {
      return (await attachment({ kind: 'bytes', source, handOver }, attachmentId)).attachment;
    },
    storedView: (dataDir, messageId) => view({ kind: 'stored', dataDir, messageId }),
    storedAttachment: (dataDir, messageId, attachmentId) => attachment({ kind: 'stored', dataDir, messageId }, attachmentId),
    async close() {
      closed = true;
      await Promise.all(threads.flatMap((thread) => (thread === null ? [] : [thread.worker.terminate()])));
    },
  };
}

let shared: MessageViewPool | null = null;

// The process's pool, started on first use; its idle threads never keep the process alive.
export function sharedMessageViewPool(): MessageViewPool {
  shared ??= createMessageViewPool();
  return shared;
}
