import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createNextFrameUpdates, hiddenWindowMs, type FrameClock } from './use-next-frame-updates.ts';

// A clock the test advances by hand: the pending frame and timer, and whether each was cancelled.
function manualClock() {
  const pending: { kind: 'frame' | 'timer'; ms: number; run: () => void; cancelled: boolean }[] = [];
  const clock: FrameClock = {
    nextFrame: (run) => {
      const entry = { kind: 'frame' as const, ms: 0, run, cancelled: false };
      pending.push(entry);
      return () => { entry.cancelled = true; };
    },
    after: (ms, run) => {
      const entry = { kind: 'timer' as const, ms, run, cancelled: false };
      pending.push(entry);
      return () => { entry.cancelled = true; };
    },
  };
  const fire = (kind: 'frame' | 'timer') => {
    const entry = pending.find((one) => one.kind === kind && !one.cancelled);
    if (entry === undefined) return false;
    entry.cancelled = true;
    entry.run();
    return true;
  };
  const live = () => pending.filter((one) => !one.cancelled);
  return { clock, fire, live };
}

// A state holder like React's: counts the renders its updates would cost.
function stateOf(initial: readonly string[]) {
  let state = initial;
  let renders = 0;
  const setState = (update: (current: readonly string[]) => readonly string[]) => {
    state = update(state);
    renders += 1;
  };
  return { setState, state: () => state, renders: () => renders };
}

describe('createNextFrameUpdates', () => {
  it('applies every update that came before the frame in one state change, in order', () => {
    const { clock, fire, live } = manualClock();
    const holder = stateOf([]);
    const updates = createNextFrameUpdates(holder.setState, clock);
    updates.queue((pages) => [...pages, 'page 3']);
    updates.queue((pages) => [...pages, 'page 4']);
    assert.equal(holder.renders(), 0);
    assert.deepEqual(live().map((one) => [one.kind, one.ms]), [['frame', 0], ['timer', hiddenWindowMs]]);
    assert.ok(fire('frame'));
    assert.deepEqual(holder.state(), ['page 3', 'page 4']);
    assert.equal(holder.renders(), 1);
    // The timer for hidden windows is dropped once the frame has applied them.
    assert.deepEqual(live(), []);
  });

  it('applies what came with the frame that flushes first, and not again at the frame', () => {
    const { clock, fire, live } = manualClock();
    const holder = stateOf(['page 0']);
    const updates = createNextFrameUpdates(holder.setState, clock);
    updates.queue((pages) => [...pages, 'page 1']);
    updates.flush();
    assert.deepEqual(holder.state(), ['page 0', 'page 1']);
    assert.deepEqual(live(), []);
    assert.equal(fire('frame'), false);
    updates.flush();
    assert.equal(holder.renders(), 1);
  });

  it('applies them after the timer where no frame comes (a hidden window)', () => {
    const { clock, fire, live } = manualClock();
    const holder = stateOf([]);
    const updates = createNextFrameUpdates(holder.setState, clock);
    updates.queue((pages) => [...pages, 'page 7']);
    assert.ok(fire('timer'));
    assert.deepEqual(holder.state(), ['page 7']);
    assert.deepEqual(live(), []);
  });

  it('schedules a new frame for updates that come after one was applied', () => {
    const { clock, fire } = manualClock();
    const holder = stateOf([]);
    const updates = createNextFrameUpdates(holder.setState, clock);
    updates.queue((pages) => [...pages, 'a']);
    fire('frame');
    updates.queue((pages) => [...pages, 'b']);
    assert.ok(fire('frame'));
    assert.deepEqual(holder.state(), ['a', 'b']);
    assert.equal(holder.renders(), 2);
  });

  it('drops the scheduled frame and timer when cancelled (the list unmounted)', () => {
    const { clock, live } = manualClock();
    const holder = stateOf([]);
    const updates = createNextFrameUpdates(holder.setState, clock);
    updates.queue((pages) => [...pages, 'late']);
    updates.cancel();
    assert.deepEqual(live(), []);
    assert.equal(holder.renders(), 0);
  });
});
