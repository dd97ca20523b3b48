import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkerRequests } from './worker-requests.ts';

// Answers each request with the id of the thread that took it.
const threadIdWorker = new URL(
  `data:text/javascript,${encodeURIComponent(`
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id }) => parentPort.postMessage({ id, ok: true, threadId }));
`)}`,
);

type ThreadIdReply = { readonly id: number } & ({ readonly ok: true; readonly threadId: number } | { readonly ok: false; readonly message: string });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('worker requests: threads stopped once idle', () => {
  it('stops a thread idle for stopWhenIdleMs and starts a new one for the next request', async () => {
    const requests = createWorkerRequests<ThreadIdReply>({
      url: threadIdWorker,
      size: 1,
      stopped: () => 'stopped',
      closed: 'closed',
      stopWhenIdleMs: 300,
    });
    try {
      const first = await requests.request((id) => ({ id }));
      // Busy again within the idle time: the same thread.
      await sleep(50);
      const again = await requests.request((id) => ({ id }));
      assert.equal(again.threadId, first.threadId);
      await sleep(1500);
      const later = await requests.request((id) => ({ id }));
      assert.notEqual(later.threadId, first.threadId, 'the idle thread was stopped and a new one started');
    } finally {
      await requests.close();
    }
  });

  it('keeps an idle thread without stopWhenIdleMs', async () => {
    const requests = createWorkerRequests<ThreadIdReply>({ url: threadIdWorker, size: 1, stopped: () => 'stopped', closed: 'closed' });
    try {
      const first = await requests.request((id) => ({ id }));
      await sleep(500);
      assert.equal((await requests.request((id) => ({ id }))).threadId, first.threadId);
    } finally {
      await requests.close();
    }
  });
});
