// How long work held this thread's event loop, beside the same run's baseline: the longest
// an idle worker thread's loop of the same process waited over the same period. On a loaded
// machine a thread waits for a core as well as for its own tasks (at load 6 to 10, CI measured
// 280 to 560 ms for work whose main-thread CPU was what it is on a quiet machine); the
// baseline is that wait, so `heldMs` is what the work itself cost the loop, and a real block
// still shows in full.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export type LoopHold<T> = {
  readonly value: T;
  // The longest the loop was held, as measured.
  readonly maxLagMs: number;
  // The idle thread's longest wait over the same period.
  readonly baselineLagMs: number;
  // maxLagMs less the baseline (never below 0): what the assertions compare with a limit.
  readonly heldMs: number;
  readonly peakRssMb: number;
};

const resolutionMs = 10;

const idleThread = `
const { parentPort } = require('node:worker_threads');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: ${resolutionMs} });
histogram.enable();
parentPort.postMessage('ready');
parentPort.once('message', () => {
  histogram.disable();
  parentPort.postMessage(histogram.max / 1e6);
});
`;

// monitorEventLoopDelay records a delay when its timer next fires: a task that held the loop
// right up to the work's end is recorded only once the loop turns again, so it is let turn
// (several timer periods) before the maximum is read.
export async function measureLoopHold<T>(work: () => Promise<T>): Promise<LoopHold<T>> {
  const baseline = new Worker(idleThread, { eval: true });
  await new Promise((resolve, reject) => {
    baseline.once('message', resolve);
    baseline.once('error', reject);
  });
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  histogram.enable();
  try {
    const value = await work();
    await new Promise((resolve) => setTimeout(resolve, 5 * resolutionMs));
    const maxLagMs = histogram.max / 1e6;
    const baselineLagMs = await new Promise<number>((resolve, reject) => {
      baseline.once('message', (lag: number) => {
        resolve(lag);
      });
      baseline.once('error', reject);
      baseline.postMessage('stop');
    });
    return { value, maxLagMs, baselineLagMs, heldMs: Math.max(0, maxLagMs - baselineLagMs), peakRssMb: peakRss / (1024 * 1024) };
  } finally {
    histogram.disable();
    clearInterval(sampler);
    await baseline.terminate();
  }
}

// "held N ms (M ms measured, less the same run's baseline of B ms)" for a failure message or log.
export function describeHold(hold: Pick<LoopHold<unknown>, 'maxLagMs' | 'baselineLagMs' | 'heldMs'>): string {
  return `${Math.round(hold.heldMs)} ms (${Math.round(hold.maxLagMs)} ms measured, less the same run's baseline of ${Math.round(hold.baselineLagMs)} ms)`;
}
