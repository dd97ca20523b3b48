import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

type Update<S> = (state: S) => S;

export type NextFrameUpdates<S> = {
  // Keeps the update for the next frame.
  readonly queue: (update: Update<S>) => void;
  // Applies what is kept now: call it inside the frame's own render (a scroll handler's
  // flushSync), so both are drawn and laid out once.
  readonly flush: () => void;
  // Drops the scheduled frame and timer (on unmount).
  readonly cancel: () => void;
};

export type FrameClock = {
  // Runs callback at the next animation frame; returns what cancels it.
  readonly nextFrame: (callback: () => void) => () => void;
  // Runs callback after ms; returns what cancels it.
  readonly after: (ms: number, callback: () => void) => () => void;
};

// A hidden window gets no animation frames: what is kept is applied after this instead.
export const hiddenWindowMs = 100;

const browserClock: FrameClock = {
  nextFrame: (callback) => {
    // Drawn in this frame, not after it: an update outside React's events would wait for
    // the scheduler's next task.
    const id = requestAnimationFrame(() => { flushSync(callback); });
    return () => { cancelAnimationFrame(id); };
  },
  after: (ms, callback) => {
    const id = setTimeout(callback, ms);
    return () => { clearTimeout(id); };
  },
};

// State updates that come between frames (a page answered over the WebSocket) applied
// together at the next animation frame, or with the frame's scroll if it flushes first.
// Applied as they came, each drew the list's rows and had Blink lay them out before the
// frame, and the frame's scroll then drew and laid out the rows again.
export function createNextFrameUpdates<S>(setState: (update: Update<S>) => void, clock: FrameClock): NextFrameUpdates<S> {
  let kept: Update<S>[] = [];
  let scheduled: (() => void)[] = [];
  const cancel = () => {
    for (const stop of scheduled) stop();
    scheduled = [];
  };
  const flush = () => {
    cancel();
    if (kept.length === 0) return;
    const updates = kept;
    kept = [];
    setState((state) => updates.reduce((next, update) => update(next), state));
  };
  const queue = (update: Update<S>) => {
    kept.push(update);
    if (scheduled.length === 0) scheduled = [clock.nextFrame(flush), clock.after(hiddenWindowMs, flush)];
  };
  return { queue, flush, cancel };
}

export function useNextFrameUpdates<S>(setState: (update: Update<S>) => void): NextFrameUpdates<S> {
  const [updates] = useState(() => createNextFrameUpdates(setState, browserClock));
  useEffect(() => updates.cancel, [updates]);
  return updates;
}
