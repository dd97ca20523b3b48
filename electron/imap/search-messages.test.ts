import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandSequenceSet } from './search-messages.ts';

describe('expandSequenceSet', () => {
  it('expands an ESEARCH ALL set into UIDs', () => {
    assert.deepEqual(expandSequenceSet('1,5:7,20'), [1, 5, 6, 7, 20]);
    assert.deepEqual(expandSequenceSet('9:7'), [7, 8, 9]);
    assert.deepEqual(expandSequenceSet(''), []);
  });
});
