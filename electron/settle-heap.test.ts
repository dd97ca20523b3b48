import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { burstNewSpaceBytes, cancelHeapSettle, holdHeapSettle, newSpaceBytes, settleHeapNow, settleHeapSoon } from './settle-heap.ts';

// What a sync does to the young generation: many short-lived objects, some surviving a
// while, until V8 has grown it well past burstNewSpaceBytes.
function growYoungGeneration(): void {
  let kept: unknown[] = [];
  for (let round = 0; round < 40 && newSpaceBytes() <= 2 * burstNewSpaceBytes; round += 1) {
    for (let i = 0; i < 200_000; i += 1) {
      const made = { i, text: `message ${i}`, parts: [i, i + 1] };
      if (i % 20 === 0) kept.push(made);
      if (kept.length > 20_000) kept = [];
    }
  }
  assert.ok(newSpaceBytes() > 2 * burstNewSpaceBytes, `the young generation grew to ${newSpaceBytes()} bytes`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assertNotSettled(why: string): void {
  assert.ok(newSpaceBytes() > burstNewSpaceBytes, why);
}

async function assertSettles(): Promise<void> {
  const until = Date.now() + 10_000;
  while (newSpaceBytes() > burstNewSpaceBytes && Date.now() < until) await sleep(50);
  assert.ok(newSpaceBytes() <= burstNewSpaceBytes, `${newSpaceBytes()} bytes left`);
}

describe('settling the heap after a burst', () => {
  it('gives the grown young generation back, without a gc global left behind', () => {
    growYoungGeneration();
    assert.equal(settleHeapNow(), true);
    assert.ok(newSpaceBytes() <= burstNewSpaceBytes, `${newSpaceBytes()} bytes left`);
    assert.equal((globalThis as { gc?: unknown }).gc, undefined);
  });

  it('does nothing when the young generation is small', () => {
    growYoungGeneration();
    settleHeapNow();
    assert.equal(settleHeapNow(), false);
  });

  it('settles once, after the last of several calls', async () => {
    growYoungGeneration();
    // Four calls 150 ms apart: each restarts the 300 ms wait, so none settles before the last.
    for (let call = 0; call < 4; call += 1) {
      settleHeapSoon(300);
      await sleep(150);
      assertNotSettled(`not after call ${call + 1}`);
    }
    await assertSettles();
  });

  it('waits while the event loop is busy, then settles once it is quiet', async () => {
    growYoungGeneration();
    settleHeapSoon(300);
    // About 80% of the loop's time taken, as a long search or an open would.
    const busy = setInterval(() => {
      const until = performance.now() + 16;
      while (performance.now() < until);
    }, 20);
    try {
      await sleep(1500);
      assertNotSettled('not while busy');
    } finally {
      clearInterval(busy);
    }
    await assertSettles();
  });

  it('waits for the requests in flight, and for the quiet time after the last', async () => {
    growYoungGeneration();
    const request = holdHeapSettle();
    settleHeapSoon(300);
    await sleep(900);
    assertNotSettled('not while a request runs');
    request();
    await sleep(150);
    assertNotSettled('not straight after it');
    await assertSettles();
  });

  it('does nothing once cancelled (a new sync run)', async () => {
    growYoungGeneration();
    settleHeapSoon(200);
    cancelHeapSettle();
    await sleep(800);
    assertNotSettled('cancelled');
    settleHeapNow();
  });
});
