import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExportDownloadEnd } from '../../shared/local/export-download-ended.ts';
import { createExportDownloads, type Schedule } from './export-downloads.ts';
import type { ExportPlan } from './export-writer.ts';

const plan = (fileName: string): ExportPlan => ({
  fileName,
  contentType: 'application/mbox',
  messageCount: 0,
  write: () => Promise.resolve(0),
});

// Timers the test fires by hand: each offer's expiry, and whether it was cancelled.
function manualTimers() {
  const timers: { run: () => void; delayMs: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (run, delayMs) => {
    const timer = { run, delayMs, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  return { timers, schedule };
}

// What each offer was told, by file name.
function endings() {
  const told: Record<string, ExportDownloadEnd[]> = {};
  const ended = (fileName: string) => (end: ExportDownloadEnd) => {
    (told[fileName] ??= []).push(end);
  };
  return { told, ended };
}

describe('export downloads waiting in browser mode', () => {
  it('hands each out once, under an unguessable id', () => {
    const downloads = createExportDownloads();
    const a = plan('a.mbox');
    const id = downloads.offer(a, () => undefined);
    assert.match(id, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(
      downloads.offer(plan('b.mbox'), () => undefined),
      id,
    );
    assert.equal(downloads.take(id)?.plan, a);
    assert.equal(downloads.take(id), null);
    assert.equal(downloads.take('unknown'), null);
  });

  it('forgets one past its time, and says it expired', () => {
    let now = 0;
    const { told, ended } = endings();
    const downloads = createExportDownloads({ now: () => now, ttlMs: 1000, schedule: manualTimers().schedule });
    const early = downloads.offer(plan('a.mbox'), ended('a.mbox'));
    const late = downloads.offer(plan('b.mbox'), ended('b.mbox'));
    now = 999;
    assert.equal(downloads.take(early)?.plan.fileName, 'a.mbox');
    now = 1000;
    assert.equal(downloads.take(late), null);
    assert.deepEqual(told, { 'b.mbox': [{ kind: 'expired' }] }, 'the one taken is for its taker to report');
  });

  it('says an offer never taken expired when its minute is up, and cancels the timer of one taken', () => {
    const { timers, schedule } = manualTimers();
    const { told, ended } = endings();
    const downloads = createExportDownloads({ schedule });
    downloads.offer(plan('left.mbox'), ended('left.mbox'));
    const taken = downloads.take(downloads.offer(plan('taken.mbox'), ended('taken.mbox')));
    assert.deepEqual(
      timers.map((timer) => [timer.delayMs, timer.cancelled]),
      [
        [60_000, false],
        [60_000, true],
      ],
    );
    for (const timer of timers) timer.run();
    assert.deepEqual(told, { 'left.mbox': [{ kind: 'expired' }] });
    taken?.ended({ kind: 'finished', messageCount: 0, bytes: 0 });
    taken?.ended({ kind: 'failed', reason: 'a second report' });
    assert.deepEqual(told['taken.mbox'], [{ kind: 'finished', messageCount: 0, bytes: 0 }], 'told once');
  });

  it('keeps the newest sixteen when a page asks for more, and says why the oldest went', () => {
    const { told, ended } = endings();
    const downloads = createExportDownloads({ schedule: manualTimers().schedule });
    const ids = Array.from({ length: 17 }, (_, index) => downloads.offer(plan(`${index}.mbox`), ended(`${index}.mbox`)));
    assert.equal(downloads.take(ids[0] ?? ''), null, 'the oldest went');
    assert.deepEqual(told, {
      '0.mbox': [
        {
          kind: 'failed',
          reason: 'More than 16 exports were waiting to be downloaded, so this older one was dropped. Export it again.',
        },
      ],
    });
    assert.equal(downloads.take(ids[16] ?? '')?.plan.fileName, '16.mbox');
    assert.equal(downloads.take(ids[1] ?? '')?.plan.fileName, '1.mbox');
  });
});
