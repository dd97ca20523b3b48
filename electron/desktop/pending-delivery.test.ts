import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPendingDelivery } from './pending-delivery.ts';

describe('createPendingDelivery', () => {
  it('holds items until the window is ready, then delivers them in order, and later ones at once', () => {
    const delivery = createPendingDelivery<string>(10);
    const sent: string[] = [];
    delivery.push('a');
    delivery.push('b');
    assert.equal(sent.length, 0);
    delivery.ready((item) => sent.push(item));
    assert.deepEqual(sent, ['a', 'b']);
    delivery.push('c');
    assert.deepEqual(sent, ['a', 'b', 'c']);
  });

  it('holds again while the window reloads, and keeps only the latest few', () => {
    const delivery = createPendingDelivery<number>(2);
    const sent: number[] = [];
    delivery.ready((item) => sent.push(item));
    delivery.notReady();
    delivery.push(1);
    delivery.push(2);
    delivery.push(3);
    assert.equal(sent.length, 0);
    delivery.ready((item) => sent.push(item));
    assert.deepEqual(sent, [2, 3]);
  });
});
