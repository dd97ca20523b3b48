import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeVirtualWindow, nextListIndex, pagesForRange, scrolledTo, scrollTopToReveal } from './virtual-window.ts';

describe('computeVirtualWindow', () => {
  const base = { scrollTop: 0, viewportHeight: 500, rowHeight: 50, rowCount: 100_000, overscan: 5 };

  it('renders the visible rows plus overscan below at the top of the list', () => {
    assert.deepEqual(computeVirtualWindow(base), { start: 0, end: 15, totalHeight: 5_000_000 });
  });

  it('renders overscan on both sides in the middle of a huge list', () => {
    const window = computeVirtualWindow({ ...base, scrollTop: 2_500_025 });
    assert.equal(window.start, 50_000 - 5);
    assert.equal(window.end, 50_011 + 5);
    assert.ok(window.end - window.start < 30);
  });

  it('keeps the full overscan ahead of the scroll and fewer rows behind it', () => {
    const middle = { ...base, scrollTop: 2_500_025, overscanBehind: 2 };
    assert.deepEqual(computeVirtualWindow(middle), { start: 50_000 - 2, end: 50_011 + 5, totalHeight: 5_000_000 });
    assert.deepEqual(computeVirtualWindow({ ...middle, scrollingUp: true }), { start: 50_000 - 5, end: 50_011 + 2, totalHeight: 5_000_000 });
  });

  it('clamps a scroll position past the end to the last rows', () => {
    const window = computeVirtualWindow({ ...base, rowCount: 30, scrollTop: 99_999 });
    assert.deepEqual(window, { start: 15, end: 30, totalHeight: 1500 });
  });

  it('renders nothing for an empty list', () => {
    assert.deepEqual(computeVirtualWindow({ ...base, rowCount: 0 }), { start: 0, end: 0, totalHeight: 0 });
  });

  it('renders every row of a list shorter than the viewport', () => {
    assert.deepEqual(computeVirtualWindow({ ...base, rowCount: 3 }), { start: 0, end: 3, totalHeight: 150 });
  });

  it('still renders a row before the viewport has been measured', () => {
    const window = computeVirtualWindow({ ...base, viewportHeight: 0, overscan: 0 });
    assert.deepEqual(window, { start: 0, end: 1, totalHeight: 5_000_000 });
  });
});

describe('pagesForRange', () => {
  it('names every page that holds part of the range', () => {
    assert.deepEqual(pagesForRange(0, 15, 200), [0]);
    assert.deepEqual(pagesForRange(195, 215, 200), [0, 1]);
    assert.deepEqual(pagesForRange(400, 400, 200), []);
    assert.deepEqual(pagesForRange(399, 401, 200), [1, 2]);
  });
});

describe('scrollTopToReveal', () => {
  it('keeps the scroll position when the row is already visible', () => {
    assert.equal(scrollTopToReveal(3, 100, 500, 50), 100);
  });

  it('scrolls up to a row above the viewport and down to one below it', () => {
    assert.equal(scrollTopToReveal(1, 100, 500, 50), 50);
    assert.equal(scrollTopToReveal(20, 100, 500, 50), 550);
  });
});

describe('nextListIndex', () => {
  it('moves with arrows and j/k and stays inside the list', () => {
    assert.equal(nextListIndex('ArrowDown', 4, 10, 5), 5);
    assert.equal(nextListIndex('j', 9, 10, 5), 9);
    assert.equal(nextListIndex('k', 0, 10, 5), 0);
    assert.equal(nextListIndex('ArrowUp', 4, 10, 5), 3);
  });

  it('starts at the first row when nothing is selected', () => {
    assert.equal(nextListIndex('ArrowDown', -1, 10, 5), 0);
  });

  it('jumps by a page and to the ends', () => {
    assert.equal(nextListIndex('PageDown', 2, 10, 5), 7);
    assert.equal(nextListIndex('PageUp', 2, 10, 5), 0);
    assert.equal(nextListIndex('End', 2, 10, 5), 9);
    assert.equal(nextListIndex('Home', 2, 10, 5), 0);
  });

  it('ignores other keys and empty lists', () => {
    assert.equal(nextListIndex('x', 2, 10, 5), null);
    assert.equal(nextListIndex('ArrowDown', 0, 0, 5), null);
  });
});

describe('scrolledTo', () => {
  it('turns to up or down as the position moves, and keeps the direction when it does not', () => {
    assert.deepEqual(scrolledTo({ top: 500, up: false }, 400), { top: 400, up: true });
    assert.deepEqual(scrolledTo({ top: 400, up: true }, 900), { top: 900, up: false });
    assert.deepEqual(scrolledTo({ top: 900, up: true }, 900), { top: 900, up: true });
  });
});
