// Where the main window opens: where the user left it, unless that place is no longer
// on any screen (a monitor unplugged, a resolution lowered), in which case it is pulled
// back onto a display rather than opening where nobody can see or grab it.

export type Rectangle = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type WindowState = {
  // The normal (not maximized, not full-screen) bounds, so un-maximizing restores them.
  readonly bounds: Rectangle;
  readonly maximized: boolean;
  readonly fullScreen: boolean;
};

export type WindowDefaults = { readonly width: number; readonly height: number; readonly minWidth: number; readonly minHeight: number };

// How much of the window must still be on a display for it to count as visible: enough
// of its top to see and drag it.
const minVisibleWidth = 96;
const minVisibleHeight = 48;
const maxDimension = 100_000;

function isFiniteRectangle(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y, width, height } = value as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= maxDimension) && (width as number) > 0 && (height as number) > 0;
}

// The saved file is read back from disk, so it is checked like any outside input.
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized, fullScreen } = value as Record<string, unknown>;
  if (!isFiniteRectangle(bounds)) return null;
  return {
    bounds: { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) },
    maximized: maximized === true,
    fullScreen: fullScreen === true,
  };
}

function overlap(a: Rectangle, b: Rectangle): { readonly width: number; readonly height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

function fitInto(workArea: Rectangle, width: number, height: number, defaults: WindowDefaults): { width: number; height: number } {
  return {
    width: Math.min(Math.max(width, defaults.minWidth), workArea.width),
    height: Math.min(Math.max(height, defaults.minHeight), workArea.height),
  };
}

function centred(workArea: Rectangle, width: number, height: number, defaults: WindowDefaults): Rectangle {
  const size = fitInto(workArea, width, height, defaults);
  return {
    x: workArea.x + Math.floor((workArea.width - size.width) / 2),
    y: workArea.y + Math.floor((workArea.height - size.height) / 2),
    ...size,
  };
}

// workAreas: each display's work area (screen minus taskbars and docks); the primary one
// is used when the saved place is off every display.
export function placeWindow(saved: WindowState | null, workAreas: readonly Rectangle[], primaryWorkArea: Rectangle, defaults: WindowDefaults): WindowState {
  if (saved === null) {
    return { bounds: centred(primaryWorkArea, defaults.width, defaults.height, defaults), maximized: false, fullScreen: false };
  }
  let best: Rectangle | null = null;
  let bestArea = 0;
  for (const workArea of workAreas) {
    const shared = overlap(saved.bounds, workArea);
    if (shared.width < Math.min(minVisibleWidth, saved.bounds.width) || shared.height < Math.min(minVisibleHeight, saved.bounds.height)) continue;
    if (shared.width * shared.height > bestArea) {
      best = workArea;
      bestArea = shared.width * shared.height;
    }
  }
  if (best === null) {
    return { bounds: centred(primaryWorkArea, saved.bounds.width, saved.bounds.height, defaults), maximized: saved.maximized, fullScreen: saved.fullScreen };
  }
  // On a display: keep the place, but shrink to the display and move wholly onto it.
  const size = fitInto(best, saved.bounds.width, saved.bounds.height, defaults);
  return {
    bounds: {
      x: clamp(saved.bounds.x, best.x, best.x + best.width - size.width),
      y: clamp(saved.bounds.y, best.y, best.y + best.height - size.height),
      ...size,
    },
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}
