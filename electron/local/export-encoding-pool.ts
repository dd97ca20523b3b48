import { transferable } from '../store/source-ref.ts';
import { createWorkerRequests } from '../worker-requests.ts';
import { siblingWorkerUrl } from '../worker-url.ts';
import type { ExportEncodingReply, ExportEncodingRequest } from './export-encoding-protocol.ts';

// Issue 9, hostile sizes: quoting an mbox's "From " lines splits every line of every message
// (a 137 MB message held the main thread for seconds). The quoting runs on a thread of its
// own, one message per request, so an export never holds more than one message's bytes
// (twice: source and entry) whatever the folder's size (export-writer.ts).
export type ExportEncoding = {
  // The source is handed over: its memory moves to the thread when the Buffer is the whole of
  // it (the caller's Buffer is empty afterwards), else it is copied.
  mboxEntry(entry: MboxSource): Promise<Buffer>;
  close(): Promise<void>;
};

export type MboxSource = { readonly source: Buffer; readonly sender: string | null; readonly date: Date };

// After an export the thread's memory goes back to the system.
const idleStopMs = 5_000;

export function createExportEncoding(): ExportEncoding {
  const requests = createWorkerRequests<ExportEncodingReply>({
    url: siblingWorkerUrl(import.meta.url, 'export-encoding-worker'),
    size: 1,
    stopWhenIdleMs: idleStopMs,
    stopped: (cause) => (cause === null ? 'Exporting stopped' : `Exporting stopped: ${cause.message}`),
    closed: 'Exporting is closed',
  });
  return {
    async mboxEntry(entry) {
      const source = transferable(entry.source);
      const reply = await requests.request(
        (id): ExportEncodingRequest => ({ id, source, sender: entry.sender, date: entry.date.getTime() }),
        [source.buffer],
      );
      return Buffer.from(reply.entry.buffer, reply.entry.byteOffset, reply.entry.byteLength);
    },
    close: () => requests.close(),
  };
}

let shared: ExportEncoding | null = null;

// The process's thread, started on first use; idle, it never keeps the process alive.
export function sharedExportEncoding(): ExportEncoding {
  shared ??= createExportEncoding();
  return shared;
}
