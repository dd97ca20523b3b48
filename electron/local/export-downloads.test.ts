import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExportDownloads } from './export-downloads.ts';
import type { ExportPlan } from './export-writer.ts';

const plan = (fileName: string): ExportPlan => ({ fileName, contentType: 'application/mbox', messageCount: 0, write: () => Promise.resolve(0) });

describe('export downloads waiting in browser mode', () => {
  it('hands each out once, under an unguessable id', () => {
    const downloads = createExportDownloads();
    const a = plan('a.mbox');
    const id = downloads.offer(a);
    assert.match(id, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(downloads.offer(plan('b.mbox')), id);
    assert.equal(downloads.take(id), a);
    assert.equal(downloads.take(id), null);
    assert.equal(downloads.take('unknown'), null);
  });

  it('forgets one past its time', () => {
    let now = 0;
    const downloads = createExportDownloads({ now: () => now, ttlMs: 1000 });
    const early = downloads.offer(plan('a.mbox'));
    const late = downloads.offer(plan('b.mbox'));
    now = 999;
    assert.equal(downloads.take(early)?.fileName, 'a.mbox');
    now = 1000;
    assert.equal(downloads.take(late), null);
  });

  it('keeps the newest sixteen when a page asks for more', () => {
    const downloads = createExportDownloads();
    const ids = Array.from({ length: 17 }, (_, index) => downloads.offer(plan(`${index}.mbox`)));
    assert.equal(downloads.take(ids[0] ?? ''), null, 'the oldest went');
    assert.equal(downloads.take(ids[16] ?? '')?.fileName, '16.mbox');
    assert.equal(downloads.take(ids[1] ?? '')?.fileName, '1.mbox');
  });
});
