import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampPaneWidth, paneWidthLimits, paneWidthsSchema } from '../../../shared/settings/pane-widths.ts';
import { resizeStep, resizedByDrag, resizedByKey } from './pane-resize.ts';

test('arrows move a pane edge by a step, Shift by four, Home and End to the limits', () => {
  assert.equal(resizedByKey('list', 'ArrowRight', 400), 400 + resizeStep);
  assert.equal(resizedByKey('list', 'ArrowLeft', 400, true), 400 - 4 * resizeStep);
  assert.equal(resizedByKey('folders', 'Home', 300), paneWidthLimits.folders.min);
  assert.equal(resizedByKey('folders', 'End', 300), paneWidthLimits.folders.max);
  assert.equal(resizedByKey('folders', 'Enter', 300), null);
});

test('never makes a pane narrower or wider than its limits, however far the pointer goes', () => {
  assert.equal(resizedByDrag('folders', 220, 100, 160), 280);
  assert.equal(resizedByDrag('folders', 220, 100, -900), paneWidthLimits.folders.min);
  assert.equal(resizedByDrag('list', 380, 0, 5000), paneWidthLimits.list.max);
  assert.equal(resizedByKey('list', 'ArrowRight', paneWidthLimits.list.max), paneWidthLimits.list.max);
  assert.equal(clampPaneWidth('list', Number.NaN), paneWidthLimits.list.min);
  assert.equal(clampPaneWidth('list', 300.6), 301);
});

test('the stored widths are checked against the same limits', () => {
  assert.ok(paneWidthsSchema.safeParse({ folders: 220, list: 380 }).success);
  assert.ok(!paneWidthsSchema.safeParse({ folders: 20, list: 380 }).success);
  assert.ok(!paneWidthsSchema.safeParse({ folders: 220, list: 380, reader: 5 }).success);
});
