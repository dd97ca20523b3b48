import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listCommandFor, rangeIndexes, toggled } from './list-shortcuts.ts';

test('maps e, #, s and u to archive, delete, flag and mark unread, and nothing else', () => {
  assert.deepEqual(['e', '#', 's', 'u', 'x'].map(listCommandFor), ['archive', 'delete', 'toggle-flag', 'mark-unread', null]);
});

test('selects a range from the anchor in either direction', () => {
  assert.deepEqual(rangeIndexes(2, 5), [2, 3, 4, 5]);
  assert.deepEqual(rangeIndexes(5, 3), [3, 4, 5]);
  assert.deepEqual(rangeIndexes(-1, 4), [4]);
});

test('toggles one message in and out of the selection', () => {
  assert.deepEqual([...toggled(new Set(['1']), '2')], ['1', '2']);
  assert.deepEqual([...toggled(new Set(['1', '2']), '1')], ['2']);
});
