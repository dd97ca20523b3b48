// Issue 9, hostile sizes: a server folder of real synced messages exported through the service
// as Electron does it (beginExport, its save dialog answered with a path): the file is the
// mbox encoding of the same messages, byte for byte, and main holds about one message at a
// time while writing it, not the folder (docs/decisions.md, "Export streams to a file").
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mboxEntry, parseMbox } from '../../electron/local/mbox-format.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();
const megabyte = 1024 * 1024;
const COUNT = 30;
// One message is the unit the export holds; the folder is many of them, so a test that held
// the folder (as the old single-string export did) could not pass the bound below.
const MESSAGE_BYTES = 2 * megabyte;

// A message with lines an mbox must quote, padded to about MESSAGE_BYTES.
function bigMessage(i: number): Buffer {
  const head = generateMessage(i, { kind: 'plain', subject: `Export ${i}`, date: new Date(Date.UTC(2024, 0, 1 + i)) });
  const line = `From the line ${i} that mbox quotes, and >From one quoted already. ${'x'.repeat(60)}\r\n`;
  return Buffer.from(head + line.repeat(Math.ceil(MESSAGE_BYTES / line.length)), 'utf8');
}

// V8's collector, so a sample sees live memory, not garbage not yet collected.
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  return gc;
}

const liveBytes = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

describe('export to a file: a synced server folder as mbox', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  const dir = makeTempDir('lb-export-file-');
  const sources = Array.from({ length: COUNT }, (_, i) => bigMessage(i));

  before(async () => {
    server = await startDovecot({ users: [{ username: 'alice', password: 'alice-secret-1' }] });
    // A few per APPEND: each command's literals stay a few megabytes.
    for (let start = 0; start < COUNT; start += 3) {
      await appendMessages(server, 'alice', 'Archive', sources.slice(start, start + 3).map((raw) => ({ raw })));
    }
    harness = startServiceHarness(server, { dataDir: join(dir.path, 'data') });
  });
  after(async () => {
    await harness.close();
    await server.stop();
    dir.remove();
  });

  it('writes the mbox encoding of the same messages, holding a few messages in main at a time, not the folder', async () => {
    const account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    const archive = await harness.folderByPath(account.id, 'Archive');
    await eventually(async () => {
      assert.equal((await harness.allMessages(archive.id)).length, COUNT);
    }, 60_000);
    const summaries = await harness.allMessages(archive.id);
    // Today's encoding of the same messages, oldest first, as the export orders them.
    const expected = Buffer.concat(
      [...summaries]
        .sort((a, b) => a.date - b.date || a.uid - b.uid)
        .map((summary) => {
          const source = sources[Number(/Export (\d+)/.exec(summary.subject)?.[1])] ?? assert.fail(`no source for ${summary.subject}`);
          return mboxEntry({ sender: summary.from?.address ?? null, date: new Date(summary.date), source });
        }),
    );

    const gc = collector();
    // The export thread started, and its first reply seen, before the baseline.
    await harness.exportToFile({ messageId: summaries[0]?.id ?? assert.fail('a message') });
    gc();
    const baseline = liveBytes();
    let peak = baseline;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, liveBytes());
    }, 20);
    let outcome;
    try {
      outcome = await harness.request('beginExport', { folderId: archive.id });
    } finally {
      clearInterval(sampler);
    }
    const grew = peak - baseline;
    assert.equal(outcome.kind, 'saved');
    // Read only now: the file whole in memory is the test's, not the export's.
    const exported = { ...outcome, bytes: await readFile(join(harness.exportDir, 'Archive.mbox')) };
    assert.equal(exported.bytes.length, outcome.bytes);
    console.log(`export to file: ${COUNT} messages, ${(exported.bytes.length / megabyte).toFixed(1)} MB; main's live memory grew at most ${(grew / megabyte).toFixed(1)} MB`);

    assert.equal(exported.fileName, 'Archive.mbox');
    assert.equal(exported.messageCount, COUNT);
    assert.ok(exported.bytes.equals(expected), 'the file is the mbox encoding of the messages');
    assert.deepEqual(parseMbox(exported.bytes).length, COUNT, 'and reads back as the same number of messages');
    assert.ok(
      grew < exported.bytes.length / 2,
      `main held ${(grew / megabyte).toFixed(1)} MB while writing a ${(exported.bytes.length / megabyte).toFixed(1)} MB file: it should hold a few messages, not the folder`,
    );
    assert.deepEqual((await readdir(harness.exportDir)).filter((name) => name.endsWith('.part')), [], 'no temp file is left');
  });
});
