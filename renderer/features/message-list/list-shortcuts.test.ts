import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listCommandFor, rangeIndexes, toggled } from './list-shortcuts.ts';

test('maps e, #, s and u to archive, delete, flag and mark unread or read, and nothing else', () => {
  assert.deepEqual(['e', '#', 's', 'u', 'x'].map(listCommandFor), ['archive', 'delete', 'toggle-flag', 'toggle-read', null]);
});

test('selects a range from the anchor in either direction', () => {
  assert.deepEqual(rangeIndexes(2, 5), [2, 3, 4, 5]);
  assert.deepEqual(rangeIndexes(5, 3), [3, 4, 5]);
  assert.deepEqual(rangeIndexes(-1, 4), [4]);
});

test('toggles one row in and out of the selection', () => {
  const row = (messageId: string) => ({ messageId });
  assert.deepEqual([...toggled(new Map([['1', row('1')]]), row('2')).keys()], ['1', '2']);
  assert.deepEqual([...toggled(new Map([['1', row('1')], ['2', row('2')]]), row('1')).keys()], ['2']);
});
