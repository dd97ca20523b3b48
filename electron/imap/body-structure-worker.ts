// The body structure thread (body-structure-pool.ts): parses a BODYSTRUCTURE too large to
// parse on the main thread.
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../thread-priority.ts';
import type { BodyStructureReply, BodyStructureRequest } from './body-structure-protocol.ts';
import { parseBodyStructure } from './parse-body-structure.ts';

const port = parentPort;
if (port === null) throw new Error('body-structure-worker.ts runs only as a worker thread');

lowerThisThreadPriority();

port.on('message', (request: BodyStructureRequest) => {
  parseBodyStructure(request.list, request.literals, request.maxResponseTokens).then(
    (parsed) => {
      port.postMessage({ id: request.id, ok: true, ...parsed } satisfies BodyStructureReply);
    },
    (error: unknown) => {
      port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies BodyStructureReply);
    },
  );
});
