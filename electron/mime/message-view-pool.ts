import { availableParallelism } from 'node:os';
import type { AttachmentContent } from '../../shared/domain.ts';
import { transferable } from '../store/source-ref.ts';
import { createWorkerRequests } from '../worker-requests.ts';
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
  // The stored source, read by a thread and moved here without a copy; null when the store holds none.
  storedSource(dataDir: string, messageId: string): Promise<Buffer | null>;
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
type Outgoing = { readonly kind: 'view' | 'source'; readonly from: From } | { readonly kind: 'attachment'; readonly from: From; readonly attachmentId: string };

export function createMessageViewPool(options: MessageViewPoolOptions = {}): MessageViewPool {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const requests = createWorkerRequests<MessageViewReply>({
    url: siblingWorkerUrl(import.meta.url, 'message-view-worker'),
    size: options.size ?? Math.min(2, availableParallelism()),
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 },
    stopped: (cause) => (cause === null ? 'Reading this message stopped' : `Reading this message stopped: ${cause.message}`),
    closed: 'The message reader is closed',
    timeout: { ms: timeoutMs, message: `Letterbox gave up reading this message after ${timeoutMs / 1000} seconds.` },
    retireAfter: (reply) => reply.sourceBytes > largeSourceBytes,
  });

  const send = (request: Outgoing) => {
    const { from } = request;
    let ref: SourceRef;
    const transfer: ArrayBuffer[] = [];
    if (from.kind === 'stored') ref = from;
    else {
      // Handing over moves the memory only when the Buffer is the whole of it (never a slice
      // of Node's pool or of a bigger buffer); otherwise it is a copy.
      const bytes = from.handOver ? transferable(from.source) : new Uint8Array(from.source);
      transfer.push(bytes.buffer);
      ref = { kind: 'bytes', source: bytes };
    }
    return requests.request(
      (id): MessageViewRequest =>
        request.kind === 'attachment' ? { id, kind: 'attachment', from: ref, attachmentId: request.attachmentId } : { id, kind: request.kind, from: ref },
      transfer,
    );
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
    async storedSource(dataDir, messageId) {
      const reply = await send({ kind: 'source', from: { kind: 'stored', dataDir, messageId } });
      if (reply.kind !== 'source') throw new Error('The message reader answered out of turn');
      return reply.source === null ? null : Buffer.from(reply.source.buffer, reply.source.byteOffset, reply.source.byteLength);
    },
    close: () => requests.close(),
  };
}

let shared: MessageViewPool | null = null;

// The process's pool, started on first use; its idle threads never keep the process alive.
export function sharedMessageViewPool(): MessageViewPool {
  shared ??= createMessageViewPool();
  return shared;
}
