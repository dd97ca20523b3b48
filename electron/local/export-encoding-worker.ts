// The export encoding thread (export-encoding-pool.ts): builds an mbox and base64-encodes a
// file for Save as .eml and the mbox export, off the main thread.
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../thread-priority.ts';
import type { ExportEncodingReply, ExportEncodingRequest } from './export-encoding-protocol.ts';
import { mboxEntry } from './mbox-format.ts';

const port = parentPort;
if (port === null) throw new Error('export-encoding-worker.ts runs only as a worker thread');

lowerThisThreadPriority();

const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// A multiple of 3 bytes: each slice encodes to whole base64 groups, so the pieces join
// without padding between them, and no base64 string of the whole file is ever made here.
const sliceBytes = 3 * 1024 * 1024;

function base64Bytes(pieces: readonly Buffer[]): Uint8Array<ArrayBuffer> {
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const out = Buffer.from(new ArrayBuffer(Math.ceil(total / 3) * 4));
  let written = 0;
  let carry = Buffer.alloc(0);
  for (const piece of pieces) {
    let at = 0;
    if (carry.length > 0) {
      const fill = Math.min(3 - carry.length, piece.length);
      carry = Buffer.concat([carry, piece.subarray(0, fill)]);
      at = fill;
      if (carry.length < 3) continue;
      written += out.write(carry.toString('base64'), written, 'latin1');
      carry = Buffer.alloc(0);
    }
    const whole = at + Math.floor((piece.length - at) / 3) * 3;
    for (let start = at; start < whole; start += sliceBytes) {
      written += out.write(piece.subarray(start, Math.min(whole, start + sliceBytes)).toString('base64'), written, 'latin1');
    }
    carry = Buffer.from(piece.subarray(whole));
  }
  if (carry.length > 0) written += out.write(carry.toString('base64'), written, 'latin1');
  return new Uint8Array(out.buffer, 0, written);
}

function answer(request: ExportEncodingRequest): ExportEncodingReply {
  if (request.kind === 'eml') {
    return { id: request.id, ok: true, base64: base64Bytes([bufferOf(request.source)]), fileBytes: request.source.byteLength };
  }
  const entries: Buffer[] = [];
  let fileBytes = 0;
  for (const entry of request.entries) {
    const bytes = mboxEntry({ sender: entry.sender, date: new Date(entry.date), source: bufferOf(entry.source) });
    fileBytes += bytes.length;
    if (fileBytes > request.maxBytes) return { id: request.id, ok: true, base64: null, fileBytes };
    entries.push(bytes);
  }
  return { id: request.id, ok: true, base64: base64Bytes(entries), fileBytes };
}

port.on('message', (request: ExportEncodingRequest) => {
  try {
    const reply = answer(request);
    port.postMessage(reply, reply.ok && reply.base64 !== null ? [reply.base64.buffer] : []);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies ExportEncodingReply);
  }
});
