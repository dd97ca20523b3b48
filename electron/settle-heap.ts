import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';

// Gives the main thread's young generation back once a burst of work is over
// (docs/decisions.md, "Memory after a full offline sync"). While a sync parses FETCH
// answers, V8 grows the young generation to its largest (64 MB after 3,000 messages, 128 MB
// after 10,000, measured) and keeps it: its pages stay resident, even once a collection
// has shrunk it, until a collection that reduces memory, and an idle process never runs
// one (V8 does on memory pressure or in a background tab; neither reaches Electron's main
// process). So a few seconds after the last sync run, if the young generation grew, one
// such collection: 50 to 80 ms of this thread's CPU with a 25 MB heap, measured; it
// shrinks the young generation to 1 MB and returns its pages at once.
// --max-semi-space-size would bound it from the start, but only on the command line: the
// shipped app takes no NODE_OPTIONS, and V8 reads the flag once, when the heap is made.

type GcFunction = (options: { readonly type: 'major'; readonly flavor: 'last-resort' }) => unknown;

// How long the process must have been quiet, no request in flight and its event loop busy
// less than quietUtilization of the time: the collection holds this thread, so it waits for
// a moment when nothing else does (a message being opened, a search).
export const settleQuietMs = 5000;
const quietUtilization = 0.05;
// A young generation this small after a run means it did little: nothing to give back.
export const burstNewSpaceBytes = 16 * 1048576;

let gcFunction: GcFunction | null | undefined;

// V8's own collection function, taken from a fresh context while --expose-gc is set and
// unset again at once, so no other code sees a `gc` global. Null where the flag is refused.
function memoryReducingCollector(): GcFunction | null {
  if (gcFunction !== undefined) return gcFunction;
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') {
    gcFunction = existing as GcFunction;
    return gcFunction;
  }
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    gcFunction = typeof found === 'function' ? (found as GcFunction) : null;
  } catch {
    gcFunction = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return gcFunction;
}

// What the young generation holds reserved now, in bytes.
export function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

// One memory-reducing collection ("last resort" in V8's terms: the one it runs on a low
// memory notification) if the young generation has grown past burstNewSpaceBytes. True
// when it ran.
export function settleHeapNow(): boolean {
  if (newSpaceBytes() <= burstNewSpaceBytes) return false;
  const collect = memoryReducingCollector();
  if (collect === null) return false;
  collect({ type: 'major', flavor: 'last-resort' });
  return true;
}

let timer: NodeJS.Timeout | null = null;
let pending = false;
let waitMs = settleQuietMs;
// Requests in flight (service/dispatch.ts): the collection waits for none, and for
// quietMs after the last, so it does not land in the middle of opening a message.
let holds = 0;

function wait(): void {
  if (timer !== null) clearTimeout(timer);
  const from = performance.eventLoopUtilization();
  timer = setTimeout(() => {
    timer = null;
    if (holds > 0 || performance.eventLoopUtilization(from).utilization > quietUtilization) {
      wait();
      return;
    }
    pending = false;
    settleHeapNow();
  }, waitMs);
  // Never what keeps the process alive.
  timer.unref();
}

// After a burst (the last sync run): settleHeapNow once no request is in flight and the
// event loop has been quiet for `quietMs`; while it is busy, the wait starts again. Each
// call restarts it.
export function settleHeapSoon(quietMs = settleQuietMs): void {
  pending = true;
  waitMs = quietMs;
  wait();
}

// Work has started again (a sync run): no collection until it asks for one.
export function cancelHeapSettle(): void {
  pending = false;
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

// A request has started; what this returns says it has ended, and the wait starts again.
export function holdHeapSettle(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (pending) wait();
  };
}
