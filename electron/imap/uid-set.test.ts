import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uidSet } from './uid-set.ts';

test('joins runs of consecutive UIDs into ranges, sorted and without duplicates', () => {
  assert.equal(uidSet([9, 3, 4, 5, 12, 13, 4, 7, 6]), '3:7,9,12:13');
});

test('names a single UID on its own and drops values that are not UIDs', () => {
  assert.equal(uidSet([42]), '42');
  assert.equal(uidSet([0, -3, 1.5]), '');
});
