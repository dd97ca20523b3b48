// A body text thread (body-text-pool.ts): parses sources with the same code the main thread
// would run, and indexes stored messages on a connection of its own.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parseLocalMessage } from '../local/local-header.ts';
import { createMessageSourceRepository } from '../store/message-source-repository.ts';
import { openConnection } from '../store/open-connection.ts';
import { toRowId } from '../store/row-id.ts';
import { runInTransaction } from '../store/transaction.ts';
import { bodyTextOf } from './body-text.ts';
import type { BodyTextReply, BodyTextRequest } from './body-text-protocol.ts';
import { createSearchRepository } from './search-repository.ts';

const port = parentPort;
if (port === null) throw new Error('body-text-worker.ts runs only as a worker thread');

// A connection for the one message, closed at once: an idle thread holds no store open, so
// the main thread's close stays the last (docs/decisions.md, header writer).
async function indexStored(dataDir: string, messageId: string): Promise<boolean> {
  const database = openConnection(dataDir);
  try {
    const source = await createMessageSourceRepository(database).get(messageId);
    if (source === null) return false;
    const text = await bodyTextOf(source);
    const search = createSearchRepository(database);
    runInTransaction(database, () => {
      search.writeBodyTextNow(toRowId(messageId), text);
    });
    return true;
  } finally {
    database.close();
  }
}

async function answer(request: BodyTextRequest): Promise<BodyTextReply> {
  if (request.kind === 'indexStored')
    return { id: request.id, ok: true, kind: 'indexStored', indexed: await indexStored(request.dataDir, request.messageId) };
  if (request.kind === 'local') {
    const { from } = request;
    const source = from.kind === 'file' ? await readFile(from.path) : Buffer.from(from.source.buffer, from.source.byteOffset, from.source.byteLength);
    return { id: request.id, ok: true, kind: 'local', parsed: await parseLocalMessage(source, request.size, request.receivedAt) };
  }
  const source = Buffer.from(request.source.buffer, request.source.byteOffset, request.source.byteLength);
  return { id: request.id, ok: true, kind: 'text', text: await bodyTextOf(source) };
}

port.on('message', (request: BodyTextRequest) => {
  answer(request).then(
    (reply) => {
      port.postMessage(reply);
    },
    (error: unknown) => {
      port.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies BodyTextReply);
    },
  );
});
