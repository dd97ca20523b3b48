// A message view thread (message-view-pool.ts): parses a source for the reader, finds one
// attachment's bytes, and reads a stored source for the main thread, off the main thread.
import { parentPort } from 'node:worker_threads';
import { readSourceRef, transferable } from '../store/source-ref.ts';
import { lowerThisThreadPriority } from '../thread-priority.ts';
import { messageViewOf } from './message-view.ts';
import type { MessageViewReply, MessageViewRequest } from './message-view-protocol.ts';
import { getAttachmentData } from './parse-message.ts';

const port = parentPort;
if (port === null) throw new Error('message-view-worker.ts runs only as a worker thread');

// Parsing a 100 MB message takes this thread seconds of CPU.
lowerThisThreadPriority();

async function answer(request: MessageViewRequest): Promise<MessageViewReply> {
  const source = await readSourceRef(request.from);
  const sourceBytes = source?.length ?? 0;
  if (request.kind === 'source') return { id: request.id, ok: true, kind: 'source', source: source === null ? null : transferable(source), sourceBytes };
  if (request.kind === 'view') return { id: request.id, ok: true, kind: 'view', view: source === null ? null : await messageViewOf(source), sourceBytes };
  const data = source === null ? null : await getAttachmentData(source, request.attachmentId);
  return {
    id: request.id,
    ok: true,
    kind: 'attachment',
    found: source !== null,
    sourceBytes,
    // Encoded here: base64 of a 100 MB attachment is work the main thread should not do.
    attachment: data === null ? null : { fileName: data.fileName, contentType: data.contentType, base64: data.content.toString('base64') },
  };
}

port.on('message', (request: MessageViewRequest) => {
  answer(request).then(
    (reply) => {
      // A source read for the main thread moves there; nothing else here is worth moving.
      port.postMessage(reply, reply.ok && reply.kind === 'source' && reply.source !== null ? [reply.source.buffer] : []);
    },
    (error: unknown) => {
      port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies MessageViewReply);
    },
  );
});
