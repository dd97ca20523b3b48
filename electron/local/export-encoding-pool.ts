import { transferable } from '../store/source-ref.ts';
import { createWorkerRequests } from '../worker-requests.ts';
import { siblingWorkerUrl } from '../worker-url.ts';
import type { ExportEncodingReply, ExportEncodingRequest } from './export-encoding-protocol.ts';

// Issue 9, hostile sizes: Save as .eml and the mbox export hand the page base64 (files cross
// the contract as bytes, never paths). Encoding a 137 MB message held the main thread about
// 200 ms, and quoting an mbox's "From " lines splits every line of every message. Both run on
// a thread of their own; the base64 comes back as bytes (moved, not cloned) and is made a
// string here a slice at a time, yielding between slices, so no task of the main thread
// handles more than one slice.
export type ExportEncoding = {
  // The source is handed over: its memory moves to the thread when the Buffer is the whole of
  // it (the caller's Buffer is empty afterwards), else it is copied.
  eml(source: Buffer): Promise<string>;
  // null: the mbox would be larger than maxBytes (nothing was encoded).
  mbox(entries: readonly MboxSource[], maxBytes: number): Promise<string | null>;
  close(): Promise<void>;
};

export type MboxSource = { readonly source: Buffer; readonly sender: string | null; readonly date: Date };

// About 4 MB of base64 per task of the main thread (a few milliseconds).
const stringSliceBytes = 4 * 1024 * 1024;

// After an export the thread's memory (the file twice) goes back to the system.
const idleStopMs = 5_000;

export async function latin1InSlices(bytes: Uint8Array): Promise<string> {
  let text = '';
  for (let at = 0; at < bytes.length; at += stringSliceBytes) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    // Joined as a rope: no copy of the whole is made here.
    text += Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(stringSliceBytes, bytes.length - at)).toString('latin1');
  }
  return text;
}

export function createExportEncoding(): ExportEncoding {
  const requests = createWorkerRequests<ExportEncodingReply>({
    url: siblingWorkerUrl(import.meta.url, 'export-encoding-worker'),
    size: 1,
    stopWhenIdleMs: idleStopMs,
    stopped: (cause) => (cause === null ? 'Exporting stopped' : `Exporting stopped: ${cause.message}`),
    closed: 'Exporting is closed',
  });
  return {
    async eml(source) {
      const bytes = transferable(source);
      const reply = await requests.request((id): ExportEncodingRequest => ({ id, kind: 'eml', source: bytes }), [bytes.buffer]);
      if (reply.base64 === null) throw new Error('The export thread answered out of turn');
      return latin1InSlices(reply.base64);
    },
    async mbox(entries, maxBytes) {
      const sent = entries.map((entry) => ({ source: transferable(entry.source), sender: entry.sender, date: entry.date.getTime() }));
      const reply = await requests.request(
        (id): ExportEncodingRequest => ({ id, kind: 'mbox', entries: sent, maxBytes }),
        // A Buffer given twice is moved once (postMessage refuses a repeated transfer).
        [...new Set(sent.map((entry) => entry.source.buffer))],
      );
      return reply.base64 === null ? null : latin1InSlices(reply.base64);
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
