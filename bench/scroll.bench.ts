// The message list at full size in browser mode (issue 10): a folder of BENCH_MESSAGES
// cached messages served by `npm run serve`'s process, shown in Debian's Chromium.
// Measured: scrolling the whole list (the interval between frames from
// requestAnimationFrame, and the main thread's work per frame from Chromium's own
// counters), jumping to the end until its rows are drawn, and the memory of both
// processes afterwards. Baseline: the same page's frame interval while idle (this
// machine's frame rate). Targets: median frame under 16 ms of work and no slower than idle
// frames; the end within 100 ms; the service process under 300 MB and the renderer under
// 250 MB resident.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../electron/store/store.ts';
import { sampleHeader } from '../electron/store/test-fixtures.ts';
import { startBrowserMode } from '../e2e/support/browser-mode-process.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { reportFigures } from './support/figures.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const scrollStepPx = Number(process.env.BENCH_SCROLL_STEP ?? 4000);

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
}

// The page's renderer process: Chromium keeps spare renderers beside it, about 100 MB
// each with nothing loaded, so the largest renderer of this browser is the page's.
async function rendererResidentBytes(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = await session.send('SystemInfo.getProcessInfo');
  await session.detach();
  return Math.max(0, ...processInfo.filter((info) => info.type === 'renderer').map((info) => residentBytes(info.id)));
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
  await page.goto(server.url);
  await page.getByRole('treeitem', { name: /Inbox/ }).first().click();
  const list = page.getByRole('listbox', { name: 'Messages' });
  await list.getByRole('option').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[role="listbox"][aria-label="Messages"] .message-row:not(.loading)') !== null);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
  };

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

  const busyBefore = await taskSeconds();
  const scrolled = await page.evaluate(async (step) => {
    const viewport = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Messages"]');
    if (viewport === null) throw new Error('no message list');
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      const frame = (at: number) => {
        stamps.push(at);
        const bottom = viewport.scrollHeight - viewport.clientHeight;
        if (viewport.scrollTop >= bottom) {
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
  const busyMs = ((await taskSeconds()) - busyBefore) * 1000;

  // Back to the top, then straight to the end: timed until the last row is drawn.
  await page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Messages"]');
    if (viewport !== null) viewport.scrollTop = 0;
  });
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

  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const idleFrame = median(idle);
  const scrollFrame = median(scrolled);
  const workPerFrame = busyMs / Math.max(1, scrolled.length);
  const serviceRss = server.pid === null ? 0 : residentBytes(server.pid);
  const rendererRss = await rendererResidentBytes(browser);
  console.log(`scrolled ${messageCount} rows in ${scrolled.length} frames of ${scrollStepPx} px; frames over 50 ms: ${scrolled.filter((ms) => ms > 50).length}`);
  reportFigures(`the message list at ${messageCount} messages (browser mode, Chromium)`, [
    { name: 'scrolling: median frame interval', value: scrollFrame, unit: 'ms', baselineName: 'idle frame interval', baseline: idleFrame, ratio: idleFrame / scrollFrame, target: 'no slower than idle frames', met: scrollFrame <= idleFrame * 1.1 },
    { name: 'scrolling: main-thread work per frame', value: workPerFrame, unit: 'ms', baselineName: null, baseline: null, ratio: null, target: '< 16 ms', met: workPerFrame < 16 },
    { name: 'jump to the end, drawn', value: jumpMs, unit: 'ms', baselineName: null, baseline: null, ratio: null, target: '< 100 ms', met: jumpMs < 100 },
    { name: 'service process resident', value: serviceRss / 1048576, unit: 'MB', baselineName: null, baseline: null, ratio: null, target: '< 300 MB', met: serviceRss < 300 * 1048576 },
    { name: 'renderer resident', value: rendererRss / 1048576, unit: 'MB', baselineName: null, baseline: null, ratio: null, target: '< 250 MB', met: rendererRss < 250 * 1048576 },
  ]);
} finally {
  await browser.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
