import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteBehind } from './write-behind.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('write-behind', () => {
  it('lets the producer run ahead by the limit, and no further', async () => {
    const writes = createWriteBehind(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const write = (index: number) => async () => {
      started.push(index);
      await gates[index]?.promise;
    };
    await writes.add(write(0));
    let thirdQueued = false;
    const adding = writes.add(write(1)).then(() => {
      thirdQueued = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(thirdQueued, false, 'two unfinished writes hold the producer');
    assert.deepEqual(started, [0], 'the second waits for the first');
    gates[0]?.resolve();
    await adding;
    assert.deepEqual(started, [0, 1]);
    gates[1]?.resolve();
    await writes.drain();
  });

  it('runs writes in order, one at a time', async () => {
    const writes = createWriteBehind(10);
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      await writes.add(async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`${name} end`);
      });
    }
    await writes.drain();
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('stops at the first failure and reports it from add and drain', async () => {
    const writes = createWriteBehind(10);
    const ran: string[] = [];
    await writes.add(() => Promise.reject(new Error('disk full')));
    await writes
      .add(() => {
        ran.push('after');
        return Promise.resolve();
      })
      .catch(() => undefined);
    await assert.rejects(writes.drain(), /disk full/);
    await assert.rejects(writes.add(() => Promise.resolve()), /disk full/);
    assert.deepEqual(ran, [], 'no write starts after a failure');
  });
});
