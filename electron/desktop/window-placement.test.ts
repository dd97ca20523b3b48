import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindowState, placeWindow, type Rectangle, type WindowState } from './window-placement.ts';

const defaults = { width: 1280, height: 820, minWidth: 720, minHeight: 480 };
const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rectangle = { x: 1440, y: -200, width: 2560, height: 1400 };

function saved(bounds: Rectangle, maximized = false): WindowState {
  return { bounds, maximized, fullScreen: false };
}

describe('placeWindow', () => {
  it('centres the default size on the primary display the first time', () => {
    assert.deepEqual(placeWindow(null, [laptop], laptop, defaults), {
      bounds: { x: 80, y: 27, width: 1280, height: 820 },
      maximized: false,
      fullScreen: false,
    });
  });

  it('keeps a place that is wholly on a display', () => {
    const state = saved({ x: 1600, y: 0, width: 1200, height: 900 }, true);
    assert.deepEqual(placeWindow(state, [laptop, external], laptop, defaults), state);
  });

  it('moves a window half off the edge wholly onto its display', () => {
    const placed = placeWindow(saved({ x: 1000, y: 500, width: 1000, height: 700 }), [laptop], laptop, defaults);
    assert.deepEqual(placed.bounds, { x: 440, y: 175, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display to fit', () => {
    const placed = placeWindow(saved({ x: -50, y: -50, width: 3000, height: 2000 }), [laptop], laptop, defaults);
    assert.deepEqual(placed.bounds, laptop);
  });

  it('brings a window back from a display that is gone, keeping its size and maximized state', () => {
    const placed = placeWindow(saved({ x: 2000, y: 100, width: 1000, height: 700 }, true), [laptop], laptop, defaults);
    assert.deepEqual(placed, { bounds: { x: 220, y: 87, width: 1000, height: 700 }, maximized: true, fullScreen: false });
  });

  it('does not count a sliver at the corner of a display as visible', () => {
    const placed = placeWindow(saved({ x: 1400, y: 850, width: 1000, height: 700 }), [laptop], laptop, defaults);
    assert.deepEqual(placed.bounds, { x: 220, y: 87, width: 1000, height: 700 });
  });

  it('picks the display holding most of a window that straddles two', () => {
    const placed = placeWindow(saved({ x: 1300, y: 100, width: 1000, height: 700 }), [laptop, external], laptop, defaults);
    assert.deepEqual(placed.bounds, { x: 1440, y: 100, width: 1000, height: 700 });
  });

  it('never makes the window smaller than its minimum, unless the display is', () => {
    assert.deepEqual(placeWindow(saved({ x: 10, y: 10, width: 100, height: 100 }), [laptop], laptop, defaults).bounds, { x: 10, y: 10, width: 720, height: 480 });
    const tiny: Rectangle = { x: 0, y: 0, width: 640, height: 400 };
    assert.deepEqual(placeWindow(saved({ x: 10, y: 10, width: 800, height: 600 }), [tiny], tiny, defaults).bounds, tiny);
  });
});

describe('parseWindowState', () => {
  it('reads a saved state and rounds its numbers', () => {
    assert.deepEqual(parseWindowState({ bounds: { x: 1.4, y: -2, width: 800.6, height: 600 }, maximized: true, fullScreen: 'yes' }), {
      bounds: { x: 1, y: -2, width: 801, height: 600 },
      maximized: true,
      fullScreen: false,
    });
  });

  it('refuses anything that is not a sane rectangle', () => {
    for (const value of [
      null,
      'x',
      {},
      { bounds: null },
      { bounds: { x: 0, y: 0, width: 0, height: 10 } },
      { bounds: { x: 0, y: 0, width: -5, height: 10 } },
      { bounds: { x: Number.NaN, y: 0, width: 10, height: 10 } },
      { bounds: { x: 1e12, y: 0, width: 10, height: 10 } },
      { bounds: { x: '0', y: 0, width: 10, height: 10 } },
    ]) {
      assert.equal(parseWindowState(value), null, JSON.stringify(value));
    }
  });
});
