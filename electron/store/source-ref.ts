import { createMessageSourceRepository } from './message-source-repository.ts';
import { openConnection } from './open-connection.ts';

// Where a worker thread finds a message's source: handed to it, or read by the thread itself
// from the store (issue 9, hostile sizes: reading a 137 MB BLOB holds the reading thread
// about 400 ms, so the main thread never does it for a stored source).
export type SourceRef =
  | { readonly kind: 'bytes'; readonly source: Uint8Array }
  | { readonly kind: 'stored'; readonly dataDir: string; readonly messageId: string };

// On a worker thread. A connection for the one read, closed at once: an idle thread holds no
// store open, so the main thread's close stays the last (docs/decisions.md, header writer).
// null: the store holds no source for that message.
export async function readSourceRef(from: SourceRef): Promise<Buffer | null> {
  if (from.kind === 'bytes') return Buffer.from(from.source.buffer, from.source.byteOffset, from.source.byteLength);
  const database = openConnection(from.dataDir);
  try {
    return await createMessageSourceRepository(database).get(from.messageId);
  } finally {
    database.close();
  }
}

// The bytes as something postMessage can move rather than copy: the Buffer itself when it is
// the whole of its memory (a BLOB read from the store is), else a copy of its own.
export function transferable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength)
    return new Uint8Array(buffer);
  return new Uint8Array(bytes);
}
