// A body text thread (body-text-pool.ts): parses sources with the same code the main
// thread would run.
import { parentPort } from 'node:worker_threads';
import { bodyTextOf } from './body-text.ts';
import type { BodyTextReply, BodyTextRequest } from './body-text-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('body-text-worker.ts runs only as a worker thread');

port.on('message', (request: BodyTextRequest) => {
  const source = Buffer.from(request.source.buffer, request.source.byteOffset, request.source.byteLength);
  bodyTextOf(source).then(
    (text) => {
      port.postMessage({ id: request.id, ok: true, text } satisfies BodyTextReply);
    },
    (error: unknown) => {
      port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies BodyTextReply);
    },
  );
});
