import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportDownloadEnded } from '../../shared/local/export-download-ended.ts';
import { createBeginExport } from './begin-export.ts';
import { createExportDownloads } from './export-downloads.ts';
import type { ExportPlan } from './export-writer.ts';

function plan(): ExportPlan & { readonly writes: { count: number } } {
  const writes = { count: 0 };
  return {
    writes,
    fileName: 'Inbox.mbox',
    contentType: 'application/mbox',
    messageCount: 2,
    async write(sink) {
      writes.count += 1;
      await sink.write(Buffer.from('From a\n\n'));
      await sink.write(Buffer.from('From b\n\n'));
      return 16;
    },
  };
}

const noReport = () => undefined;

describe('beginExport', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lb-begin-export-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('asks for a file with the suggested name and writes the export there', async () => {
    const asked: string[] = [];
    const begin = createBeginExport(() => Promise.resolve(plan()), {
      kind: 'save-dialog',
      chooseDestination: (name) => {
        asked.push(name);
        return Promise.resolve(join(dir, 'chosen.mbox'));
      },
    }, noReport);
    assert.deepEqual(await begin({ folderId: 'f' }), { kind: 'saved', fileName: 'chosen.mbox', messageCount: 2, bytes: 16 });
    assert.deepEqual(asked, ['Inbox.mbox']);
    assert.equal(await readFile(join(dir, 'chosen.mbox'), 'utf8'), 'From a\n\nFrom b\n\n');
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const planned = plan();
    const begin = createBeginExport(() => Promise.resolve(planned), { kind: 'save-dialog', chooseDestination: () => Promise.resolve(null) }, noReport);
    const before = await readdir(dir);
    assert.deepEqual(await begin({ folderId: 'f' }), { kind: 'cancelled' });
    assert.equal(planned.writes.count, 0);
    assert.deepEqual(await readdir(dir), before);
  });

  it('offers a download in browser mode, written only when it is taken, and reports its end under its own id', async () => {
    const planned = plan();
    const downloads = createExportDownloads();
    const reported: ExportDownloadEnded[] = [];
    const outcome = await createBeginExport(() => Promise.resolve(planned), { kind: 'download', downloads }, (ended) => { reported.push(ended); })({ messageId: 'm' });
    if (outcome.kind !== 'download') assert.fail(`answered ${outcome.kind}`);
    assert.match(outcome.downloadPath, /^\/export\/[A-Za-z0-9_-]{32}$/);
    assert.equal(outcome.fileName, 'Inbox.mbox');
    assert.equal(planned.writes.count, 0);
    const linkId = outcome.downloadPath.slice('/export/'.length);
    assert.ok(!outcome.downloadPath.includes(outcome.downloadId), 'the event id is not the link');
    const taken = downloads.take(linkId) ?? assert.fail('the link is waiting');
    assert.equal(taken.plan, planned);
    taken.ended({ kind: 'finished', messageCount: 2, bytes: 16 });
    assert.deepEqual(reported, [{ downloadId: outcome.downloadId, kind: 'finished', messageCount: 2, bytes: 16 }]);
  });

  it('is refused where no transport gave a target', async () => {
    await assert.rejects(createBeginExport(() => Promise.resolve(plan()), undefined, noReport)({ folderId: 'f' }), /not available here/);
  });
});
