import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BACKOFF, reconnectDelayMs, reconnectingText } from './reconnect-delay.ts';

describe('reconnect delay', () => {
  it('doubles the step after each failure, from 1 s', () => {
    const atTop = () => 0.999_999;
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((attempt) => reconnectDelayMs(attempt, atTop)),
      [1000, 2000, 4000, 8000, 16000],
    );
  });

  it('never waits less than half a step, whatever the jitter', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, () => 0)),
      [500, 1000, 2000, 4000],
    );
    assert.equal(reconnectDelayMs(3, () => 0.5), 6000);
  });

  it('spreads clients cut off together over the second half of the step', () => {
    const delays = Array.from({ length: 200 }, (_, index) => reconnectDelayMs(4, () => index / 200));
    assert.ok(delays.every((delay) => delay >= 8000 && delay < 16000));
    assert.equal(new Set(delays).size, 200);
  });

  it('stops growing at five minutes, even after very many failures', () => {
    assert.equal(reconnectDelayMs(9, () => 0.999_999), DEFAULT_BACKOFF.maxMs);
    assert.equal(reconnectDelayMs(10_000, () => 0.999_999), DEFAULT_BACKOFF.maxMs);
    assert.equal(reconnectDelayMs(10_000, () => 0), DEFAULT_BACKOFF.maxMs / 2);
  });

  it('treats a random source out of range and a negative attempt as the nearest valid value', () => {
    assert.equal(reconnectDelayMs(-3, () => 7), 1000);
    assert.equal(reconnectDelayMs(0, () => -1), 500);
  });

  it('follows a custom policy, as the tests use for fast reconnects', () => {
    assert.equal(reconnectDelayMs(2, () => 0.999_999, { baseMs: 50, maxMs: 150 }), 150);
  });

  it('says the wait in whole seconds, rounded up', () => {
    assert.equal(reconnectingText(7200), 'Reconnecting in 8 s');
    assert.equal(reconnectingText(8000), 'Reconnecting in 8 s');
    assert.equal(reconnectingText(10), 'Reconnecting in 1 s');
    assert.equal(reconnectingText(0), 'Reconnecting in 1 s');
  });
});
