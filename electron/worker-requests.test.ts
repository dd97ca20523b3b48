import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkerRequests, type WorkerRequests } from './worker-requests.ts';

// A thread that answers after `delay` ms with its own thread id, fails on request, or dies.
const echoWorker = new URL(
  `data:text/javascript,${encodeURIComponent(`
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (request) => {
  if (request.op === 'die') process.exit(3);
  if (request.op === 'fail') { parentPort.postMessage({ id: request.id, ok: false, message: 'it failed there' }); return; }
  setTimeout(() => parentPort.postMessage({ id: request.id, ok: true, value: request.value, threadId, retire: request.retire === true }), request.delay ?? 0);
});
`)}`,
);

type EchoReply = { readonly id: number } & (
  | { readonly ok: true; readonly value: number; readonly threadId: number; readonly retire: boolean }
  | { readonly ok: false; readonly message: string }
);
type EchoRequest = { readonly op?: 'die' | 'fail'; readonly value?: number; readonly delay?: number; readonly retire?: boolean };

function pool(size: number, timeoutMs?: number): WorkerRequests<EchoReply> {
  return createWorkerRequests<EchoReply>({
    url: echoWorker,
    size,
    stopped: (cause) => (cause === null ? 'the echo thread stopped' : `the echo thread stopped: ${cause.message}`),
    closed: 'the echo threads are closed',
    ...(timeoutMs === undefined ? {} : { timeout: { ms: timeoutMs, message: 'the echo thread took too long' } }),
    retireAfter: (reply) => reply.retire,
  });
}

// A pool for one test, closed after it whatever happens.
async function withPool(
  size: number,
  work: (requests: WorkerRequests<EchoReply>) => Promise<void>,
  timeoutMs?: number,
): Promise<void> {
  const requests = pool(size, timeoutMs);
  try {
    await work(requests);
  } finally {
    await requests.close();
  }
}

const ask = (requests: WorkerRequests<EchoReply>, request: EchoRequest) => requests.request((id) => ({ id, ...request }));

describe('worker requests', () => {
  it('matches each reply to its request, whatever order they finish in, spread over the threads', async () => {
    await withPool(2, async (requests) => {
      const replies = await Promise.all([50, 0, 30, 10].map((delay, value) => ask(requests, { value, delay })));
      assert.deepEqual(
        replies.map((reply) => reply.value),
        [0, 1, 2, 3],
      );
      assert.equal(new Set(replies.map((reply) => reply.threadId)).size, 2, 'both threads took work');
    });
  });

  it("fails a request with the thread's own message, and keeps the thread", async () => {
    await withPool(1, async (requests) => {
      const first = await ask(requests, { value: 1 });
      await assert.rejects(ask(requests, { op: 'fail' }), /^Error: it failed there$/);
      assert.equal((await ask(requests, { value: 2 })).threadId, first.threadId);
    });
  });

  it('fails what a dying thread held, and starts a new thread for the next request', async () => {
    await withPool(1, async (requests) => {
      const first = await ask(requests, { value: 1 });
      const waiting = ask(requests, { value: 2, delay: 200 });
      await assert.rejects(ask(requests, { op: 'die' }), /the echo thread stopped/);
      await assert.rejects(waiting, /the echo thread stopped/);
      const next = await ask(requests, { value: 3 });
      assert.notEqual(next.threadId, first.threadId);
    });
  });

  it('gives up on a request past its deadline and replaces the thread', async () => {
    // Generous enough for a thread to start on a loaded machine.
    await withPool(
      1,
      async (requests) => {
        const first = await ask(requests, { value: 1 });
        await assert.rejects(ask(requests, { value: 2, delay: 600_000 }), /the echo thread took too long/);
        assert.notEqual((await ask(requests, { value: 3 })).threadId, first.threadId);
      },
      5000,
    );
  });

  it('retires a thread once idle when a reply asks it to', async () => {
    await withPool(1, async (requests) => {
      const kept = await ask(requests, { value: 1 });
      assert.equal((await ask(requests, { value: 2 })).threadId, kept.threadId);
      const retired = await ask(requests, { value: 3, retire: true });
      assert.equal(retired.threadId, kept.threadId);
      assert.notEqual((await ask(requests, { value: 4 })).threadId, retired.threadId);
    });
  });

  it('refuses requests once closed', async () => {
    const requests = pool(1);
    await ask(requests, { value: 1 });
    await requests.close();
    await assert.rejects(ask(requests, { value: 2 }), /the echo threads are closed/);
  });
});
