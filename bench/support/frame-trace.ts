// Per-frame main-thread work of a page, from Chromium's own trace (the timeline the
// DevTools Performance panel records), taken over CDP through playwright-core. Dividing
// the page's whole task time by the frame count (Performance.getMetrics' TaskDuration)
// gives a mean that one slow frame, or a WebSocket message parsed between frames, can move;
// the target is per frame, so this splits the trace at each frame the renderer's main
// thread begins and sums the work of each.
import type { CDPSession, Page } from 'playwright-core';

type TraceEvent = {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  // Thread (CPU) time, where Chromium records it.
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string } };
};

export type FrameWork = {
  // Main-thread busy time between one BeginMainThreadFrame and the next.
  readonly busyMs: number;
  // The same tasks' CPU time on the thread: what the frame cost, less the time this shared
  // machine's other processes held the core.
  readonly cpuMs: number;
  readonly styleLayoutMs: number;
  readonly paintMs: number;
  // Everything else: script (event handlers, React), garbage collection, parsing messages.
  readonly otherMs: number;
};

const categories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.console',
];

const styleLayout = new Set(['UpdateLayoutTree', 'Layout']);
const paint = new Set(['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit']);
const taskNames = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

export async function startFrameTrace(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: categories, recordMode: 'recordUntilFull' } });
  return cdp;
}

export type FrameTrace = {
  readonly frames: readonly FrameWork[];
  // The page's renderer process (the one whose main thread logged the marks).
  readonly rendererPid: number;
};

// Frames that began between console.timeStamp(startMark) and console.timeStamp(endMark).
export async function stopFrameTrace(cdp: CDPSession, startMark: string, endMark: string): Promise<FrameTrace> {
  const complete = new Promise<string>((resolve) => {
    cdp.once('Tracing.tracingComplete', (event) => { resolve(event.stream ?? ''); });
  });
  await cdp.send('Tracing.end');
  const handle = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle, size: 1 << 20 });
    text += chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  await cdp.detach();
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return framesOf(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []), startMark, endMark);
}

export function framesOf(events: readonly TraceEvent[], startMark: string, endMark: string): FrameTrace {
  const mark = (message: string) => events.find((event) => event.name === 'TimeStamp' && event.args?.data?.message === message);
  const start = mark(startMark);
  const end = mark(endMark);
  if (start === undefined || end === undefined) throw new Error('the trace holds no marks: was console.timeStamp called?');
  // The marks are on the page's renderer main thread; spare renderers have their own.
  const onMain = events.filter((event) => event.pid === start.pid && event.tid === start.tid);
  const beginnings = onMain
    .filter((event) => event.name === 'BeginMainThreadFrame' && event.ts >= start.ts && event.ts <= end.ts)
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const sums = beginnings.slice(1).map(() => ({ busyMs: 0, cpuMs: 0, styleLayoutMs: 0, paintMs: 0 }));
  // Events nest (a task inside another or in a nested run loop, a Paint inside a Paint, a
  // Layout inside UpdateLayoutTree): each group counts only its outermost events, which come
  // first in this order, or a nested Paint's time would count twice.
  const outermostEnd = { task: Number.NEGATIVE_INFINITY, styleLayout: Number.NEGATIVE_INFINITY, paint: Number.NEGATIVE_INFINITY };
  const ordered = onMain.filter((event) => event.ph === 'X' && event.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  for (const event of ordered) {
    const dur = event.dur ?? 0;
    const isTask = taskNames.has(event.name);
    const group = isTask ? 'task' : styleLayout.has(event.name) ? 'styleLayout' : paint.has(event.name) ? 'paint' : null;
    if (group === null) continue;
    if (event.ts < outermostEnd[group]) continue;
    outermostEnd[group] = event.ts + dur;
    const frame = sums[frameIndexOf(beginnings, event.ts)];
    if (frame === undefined) continue;
    const ms = dur / 1000;
    if (isTask) {
      frame.busyMs += ms;
      frame.cpuMs += (event.tdur ?? dur) / 1000;
    }
    else if (group === 'styleLayout') frame.styleLayoutMs += ms;
    else frame.paintMs += ms;
  }
  const frames = sums.map((frame) => ({ ...frame, otherMs: Math.max(0, frame.busyMs - frame.styleLayoutMs - frame.paintMs) }));
  return { frames, rendererPid: start.pid };
}

// The frame an event at ts falls in: the last beginning at or before it; -1 before the first.
function frameIndexOf(beginnings: readonly number[], ts: number): number {
  let low = 0;
  let high = beginnings.length - 1;
  if (high < 0 || ts < (beginnings[0] ?? 0)) return -1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((beginnings[middle] ?? 0) <= ts) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
