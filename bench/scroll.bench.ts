// The message list at full size in browser mode (issue 10): a folder of BENCH_MESSAGES
// cached messages served by `npm run serve`'s process, shown in Debian's Chromium.
// Measured: scrolling the whole list (the interval between frames from
// requestAnimationFrame, and the main thread's work in each frame from Chromium's trace:
// support/frame-trace.ts), the memory of both processes after it, and jumping to the end
// of a freshly loaded list until its rows are drawn. Baseline: the same page's frame interval while idle (this
// machine's frame rate). Targets: median frame under 16 ms of work and no slower than idle
// frames; the end within 100 ms; the service process under 300 MB and the renderer under
// 250 MB resident.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../electron/store/store.ts';
import { sampleHeader } from '../electron/store/test-fixtures.ts';
import { startBrowserMode } from '../e2e/support/browser-mode-process.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { reportFigures } from './support/figures.ts';
import { medianOf, startFrameTrace, stopFrameTrace, type FrameWork } from './support/frame-trace.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const scrollStepPx = Number(process.env.BENCH_SCROLL_STEP ?? 4000);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
}

// Resident memory counts every page of Chromium's code and shared memory the process
// touched, shared with the browser and GPU processes; the proportional share (Pss) and the
// pages it alone holds (Private_*) say what this page itself costs.
function memoryOf(pid: number): { readonly rss: number; readonly pss: number; readonly private: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
  return { rss: residentBytes(pid), pss: field('Pss'), private: field('Private_Clean') + field('Private_Dirty') };
}

// Chromium keeps spare renderers beside the page's (about 100 MB resident each with nothing
// loaded): listed for the record, the page's own is the trace's (frame-trace.ts).
async function rendererPids(browser: Browser): Promise<readonly number[]> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = await session.send('SystemInfo.getProcessInfo');
  await session.detach();
  return processInfo.filter((info) => info.type === 'renderer').map((info) => info.id);
}

async function fillCache(dataDir: string): Promise<void> {
  const store = openStore(dataDir);
  try {
    const account = await store.accounts.insert({
      kind: 'imap',
      name: 'Bench',
      email: 'bench@example.org',
      // Never reached: the service starts working offline.
      incoming: { host: '127.0.0.1', port: 9, security: 'tls', username: 'bench' },
      outgoing: null,
      secretReference: 'bench',
    });
    await store.sync.setWorkOffline(true);
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: messageCount, unseen: 0 },
    ]);
    const inbox = folders[0];
    if (inbox === undefined) throw new Error('no Inbox');
    const topics = ['Quarterly figures', 'Lunch on Friday?', 'Grüße aus Köln', '会議の議事録', 'Invoice 2024-117', 'Re: project plan'];
    for (let start = 1; start <= messageCount; start += 2000) {
      const headers = Array.from({ length: Math.min(2000, messageCount - start + 1) }, (_, index) => {
        const uid = start + index;
        return sampleHeader(uid, {
          subject: `${topics[uid % topics.length] ?? 'Hello'} #${uid}`,
          from: { name: `Sender ${uid % 97}`, address: `sender${uid % 97}@example.org` },
          systemFlags: uid % 10 === 0 ? [] : ['\\Seen'],
          hasAttachments: uid % 10 === 3,
        });
      });
      await store.messages.upsertHeaders(inbox.id, headers);
    }
    await store.folders.refreshCounts(inbox.id);
  } finally {
    store.close();
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-scroll-'));
const dataDir = join(workDir, 'data');
let server: Awaited<ReturnType<typeof startBrowserMode>> | null = null;
const browser = await launchChromium();
try {
  console.log(`caching ${messageCount} messages…`);
  await fillCache(dataDir);
  server = await startBrowserMode(dataDir, '');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const openInbox = async () => {
    await page.getByRole('treeitem', { name: /Inbox/ }).first().click();
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[role="listbox"][aria-label="Messages"] .message-row:not(.loading)') !== null);
  };
  await page.goto(server.url);
  await openInbox();

  const idle = await page.evaluate(async () => {
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      const frame = (at: number) => {
        stamps.push(at);
        if (stamps.length < 120) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    return stamps.slice(1).map((at, index) => at - (stamps[index] ?? at));
  });

  // Every renderer's memory with the first page shown, to set the page's own beside.
  const beforeScroll = new Map((await rendererPids(browser)).map((pid) => [pid, memoryOf(pid)]));
  const trace = await startFrameTrace(page);
  // BENCH_CPU_PROFILE=file.cpuprofile: the page's JavaScript profile of the scroll, for DevTools.
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const profiler = profileFile === undefined ? null : await page.context().newCDPSession(page);
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  const scrolled = await page.evaluate(async (step) => {
    const viewport = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Messages"]');
    if (viewport === null) throw new Error('no message list');
    console.timeStamp('scroll-start');
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      const frame = (at: number) => {
        stamps.push(at);
        const bottom = viewport.scrollHeight - viewport.clientHeight;
        if (viewport.scrollTop >= bottom) {
          console.timeStamp('scroll-end');
          resolve();
          return;
        }
        viewport.scrollTop = Math.min(bottom, viewport.scrollTop + step);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return stamps.slice(1).map((at, index) => at - (stamps[index] ?? at));
  }, scrollStepPx);
  const { frames, rendererPid } = await stopFrameTrace(trace, 'scroll-start', 'scroll-end');
  if (profiler !== null && profileFile !== undefined) {
    const { profile } = await profiler.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    await profiler.detach();
  }

  const idleFrame = medianOf(idle);
  const scrollFrame = medianOf(scrolled);
  const work = (pick: (frame: FrameWork) => number) => medianOf(frames.map(pick));
  const workPerFrame = work((frame) => frame.busyMs);
  const sortedWork = frames.map((frame) => frame.busyMs).sort((a, b) => a - b);
  const serviceRss = server.pid === null ? 0 : residentBytes(server.pid);
  const renderer = memoryOf(rendererPid);
  const rendererBefore = beforeScroll.get(rendererPid) ?? null;
  const heap = await page.evaluate(() => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  console.log(`scrolled ${messageCount} rows in ${scrolled.length} frames of ${scrollStepPx} px; frames over 50 ms: ${scrolled.filter((ms) => ms > 50).length}`);
  console.log(`main-thread work per frame, median of ${frames.length}: ${workPerFrame.toFixed(1)} ms (style and layout ${work((frame) => frame.styleLayoutMs).toFixed(1)}, paint ${work((frame) => frame.paintMs).toFixed(1)}, script and the rest ${work((frame) => frame.otherMs).toFixed(1)}); p95 ${(sortedWork[Math.floor(sortedWork.length * 0.95)] ?? Number.NaN).toFixed(1)} ms; CPU time per frame, median ${work((frame) => frame.cpuMs).toFixed(1)} ms, in all ${frames.reduce((total, frame) => total + frame.cpuMs, 0).toFixed(0)} ms`);
  console.log(`renderer ${rendererPid}: resident ${mb(renderer.rss)}, proportional ${mb(renderer.pss)}, private ${mb(renderer.private)}, JS heap in use ${mb(heap)}; every renderer resident: ${(await rendererPids(browser)).map((pid) => mb(residentBytes(pid))).join(', ')}`);

  // Straight to the end from a fresh page, whose list holds only the first rows: timed
  // until the last row is drawn, its page fetched over the WebSocket.
  await page.reload();
  await openInbox();
  await page.waitForTimeout(500);
  const jumpMs = await page.evaluate(async (total) => {
    const viewport = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Messages"]');
    if (viewport === null) throw new Error('no message list');
    const started = performance.now();
    viewport.scrollTop = viewport.scrollHeight;
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const last = viewport.querySelector(`[aria-posinset="${total}"]`);
      if (last !== null && !last.classList.contains('loading')) return performance.now() - started;
      if (performance.now() - started > 10_000) throw new Error('the end of the list never drew');
    }
  }, messageCount);

  reportFigures(`the message list at ${messageCount} messages (browser mode, Chromium)`, [
    { name: 'scrolling: median frame interval', value: scrollFrame, unit: 'ms', baselineName: 'idle frame interval', baseline: idleFrame, ratio: idleFrame / scrollFrame, target: 'no slower than idle frames', met: scrollFrame <= idleFrame * 1.1 },
    { name: 'scrolling: main-thread work per frame (median)', value: workPerFrame, unit: 'ms', baselineName: null, baseline: null, ratio: null, target: '< 16 ms', met: workPerFrame < 16 },
    { name: 'scrolling: main-thread CPU time per frame (median)', value: work((frame) => frame.cpuMs), unit: 'ms', baselineName: null, baseline: null, ratio: null, target: null, met: null },
    { name: 'jump to the end, drawn', value: jumpMs, unit: 'ms', baselineName: null, baseline: null, ratio: null, target: '< 100 ms', met: jumpMs < 100 },
    { name: 'service process resident', value: serviceRss / 1048576, unit: 'MB', baselineName: null, baseline: null, ratio: null, target: '< 300 MB', met: serviceRss < 300 * 1048576 },
    { name: 'renderer resident', value: renderer.rss / 1048576, unit: 'MB', baselineName: 'before scrolling', baseline: rendererBefore === null ? null : rendererBefore.rss / 1048576, ratio: null, target: '< 250 MB', met: renderer.rss < 250 * 1048576 },
    { name: 'renderer private memory', value: renderer.private / 1048576, unit: 'MB', baselineName: 'before scrolling', baseline: rendererBefore === null ? null : rendererBefore.private / 1048576, ratio: null, target: null, met: null },
  ]);
} finally {
  await browser.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
