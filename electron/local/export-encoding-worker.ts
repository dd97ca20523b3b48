// The export encoding thread (export-encoding-pool.ts): quotes a message's "From " lines into
// its mbox entry, off the main thread.
import { parentPort } from 'node:worker_threads';
import { transferable } from '../store/source-ref.ts';
import { lowerThisThreadPriority } from '../thread-priority.ts';
import type { ExportEncodingReply, ExportEncodingRequest } from './export-encoding-protocol.ts';
import { mboxEntry } from './mbox-format.ts';

const port = parentPort;
if (port === null) throw new Error('export-encoding-worker.ts runs only as a worker thread');

lowerThisThreadPriority();

port.on('message', (request: ExportEncodingRequest) => {
  try {
    const source = Buffer.from(request.source.buffer, request.source.byteOffset, request.source.byteLength);
    const built = mboxEntry({ sender: request.sender, date: new Date(request.date), source });
    // A small entry may be a slice of Node's shared pool: that one is copied, a large one moved.
    const entry = transferable(built);
    port.postMessage({ id: request.id, ok: true, entry } satisfies ExportEncodingReply, [entry.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies ExportEncodingReply);
  }
});
