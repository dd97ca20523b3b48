import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uidRangesNewestFirst, uidSequence } from './uid-ranges.ts';

describe('uidRangesNewestFirst', () => {
  it('splits the UID space into batches from the top down', () => {
    assert.deepEqual(uidRangesNewestFirst(1, 10, 4), [
      { first: 7, last: 10 },
      { first: 3, last: 6 },
      { first: 1, last: 2 },
    ]);
  });

  it('starts at fromUid and never goes below it', () => {
    assert.deepEqual(uidRangesNewestFirst(95, 100, 4), [
      { first: 97, last: 100 },
      { first: 95, last: 96 },
    ]);
  });

  it('gives one range when everything fits in a batch', () => {
    assert.deepEqual(uidRangesNewestFirst(1, 3, 500), [{ first: 1, last: 3 }]);
  });

  it('gives nothing for an empty mailbox or when fromUid is past the last UID', () => {
    assert.deepEqual(uidRangesNewestFirst(1, 0, 10), []);
    assert.deepEqual(uidRangesNewestFirst(50, 49, 10), []);
  });

  it('rejects a batch size below one', () => {
    assert.throws(() => uidRangesNewestFirst(1, 10, 0), RangeError);
  });
});

describe('uidSequence', () => {
  it('writes a range with explicit ends and a single UID on its own', () => {
    assert.equal(uidSequence({ first: 3, last: 9 }), '3:9');
    assert.equal(uidSequence({ first: 4, last: 4 }), '4');
  });
});
