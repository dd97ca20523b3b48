import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createLocalFolders, type LocalFolders } from './local-folders.ts';
import { createMailImports, maxImportMessageBytes, type MailImports } from './mail-import.ts';
import { mboxEntry } from './mbox-format.ts';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const date = new Date(Date.UTC(2024, 0, 1));

function message(n: number, extraHeader = ''): Buffer {
  return Buffer.from(`From: a${n}@example.org\r\nSubject: Imported ${n}\r\n${extraHeader}\r\nFrom the first line of ${n}\r\n>From a quote\r\n`, 'utf8');
}

function mboxOf(messages: readonly Buffer[]): Buffer {
  return Buffer.concat(messages.map((source) => mboxEntry({ sender: 'a@example.org', date, source })));
}

// The page's side, by hand: each chunk's base64, in order.
function chunks(bytes: Buffer, size: number): string[] {
  const out: string[] = [];
  for (let start = 0; start === 0 || start < bytes.length; start += size) out.push(bytes.subarray(start, start + size).toString('base64'));
  return out;
}

async function rejectsWith(work: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof LetterboxError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('imports into Local Folders, chunk by chunk', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let local: LocalFolders;
  let inboxId: string;
  let clock = 0;
  const deliveredTo: string[] = [];
  let imports: MailImports;

  before(async () => {
    dir = makeTempDir('lb-mail-import-');
    store = openStore(dir.path);
    local = createLocalFolders(store, dir.path);
    const accountId = (await local.account()).accountId;
    inboxId = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX')?.id ?? assert.fail('a local Inbox');
    imports = createMailImports({
      local,
      requireLocalFolder: async (folderId) => {
        if ((await store.folders.get(folderId))?.accountId !== accountId) throw new LetterboxError('invalid-argument', 'Only Local Folders.');
      },
      delivered: (folderId) => deliveredTo.push(folderId),
      now: () => clock,
    });
  });
  after(() => {
    store.close();
    dir.remove();
  });

  async function sourcesInInbox(): Promise<string[]> {
    const page = await store.messages.listPage(inboxId, 0, 1000);
    const ids = page?.items.map((item) => item.id) ?? [];
    return Promise.all(ids.map(async (id) => sha((await local.readSource(id)) ?? Buffer.alloc(0))));
  }

  it('delivers each message of an mbox as its chunks arrive, and an .eml once its file ends, byte for byte', async () => {
    const inMbox = Array.from({ length: 120 }, (_, n) => message(n, n === 3 ? 'Status: RO\r\n' : ''));
    const eml = message(500);
    const mbox = mboxOf(inMbox);
    const { importId } = await imports.begin({ folderId: inboxId });
    const counts: number[] = [];
    const mboxChunks = chunks(mbox, 1000);
    for (const [index, base64] of mboxChunks.entries()) {
      counts.push((await imports.chunk({ importId, file: 0, fileName: 'a.mbox', base64, endOfFile: index === mboxChunks.length - 1 })).imported);
    }
    // Delivered as they came, not at the end.
    assert.ok(counts[Math.floor(counts.length / 2)]! > 0 && counts[Math.floor(counts.length / 2)]! < 120, `counts ${counts.join(',')}`);
    assert.equal(counts.at(-1), 120);
    const emlChunks = chunks(eml, 7);
    for (const [index, base64] of emlChunks.entries()) {
      const report = await imports.chunk({ importId, file: 1, fileName: 'b.eml', base64, endOfFile: index === emlChunks.length - 1 });
      assert.equal(report.imported, index === emlChunks.length - 1 ? 121 : 120, 'an .eml is one message, delivered when its file ends');
    }
    assert.deepEqual(await imports.end({ importId }), { imported: 121 });
    assert.deepEqual((await sourcesInInbox()).sort(), [...inMbox, eml].map(sha).sort());
    const page = await store.messages.listPage(inboxId, 0, 1000);
    const read = page?.items.filter((item) => item.flags.seen).map((item) => item.subject);
    assert.deepEqual(read, ['Imported 3'], "mbox's Status: R marks it read");
    assert.ok(deliveredTo.length >= 2 && deliveredTo.every((id) => id === inboxId));
  });

  it('refuses chunks out of order and a finished import, and leaves an import usable after a refusal', async () => {
    const { importId } = await imports.begin({ folderId: inboxId });
    const base64 = message(600).toString('base64');
    await rejectsWith(imports.chunk({ importId, file: 1, fileName: 'x.eml', base64, endOfFile: true }), 'invalid-argument', /in order/);
    assert.equal((await imports.chunk({ importId, file: 0, fileName: 'x.eml', base64, endOfFile: true })).imported, 1);
    await rejectsWith(imports.chunk({ importId, file: 0, fileName: 'x.eml', base64, endOfFile: true }), 'invalid-argument', /in order/);
    assert.deepEqual(await imports.end({ importId }), { imported: 1 });
    await rejectsWith(imports.chunk({ importId, file: 1, fileName: 'x.eml', base64, endOfFile: true }), 'not-found', /has ended/);
    await rejectsWith(imports.end({ importId }), 'not-found', /has ended/);
    await rejectsWith(imports.begin({ folderId: 'no-such-folder' }), 'invalid-argument', /Local Folders/);
  });

  it('runs chunks sent all at once one after another, in the order sent', async () => {
    const sources = Array.from({ length: 30 }, (_, n) => message(700 + n));
    const mbox = mboxOf(sources);
    const { importId } = await imports.begin({ folderId: inboxId });
    const parts = chunks(mbox, 50);
    const reports = await Promise.all(parts.map((base64, index) => imports.chunk({ importId, file: 0, fileName: 'c.mbox', base64, endOfFile: index === parts.length - 1 })));
    assert.equal(reports.at(-1)?.imported, 30);
    assert.deepEqual(await imports.end({ importId }), { imported: 30 });
  });

  it('keeps what a stopped import delivered, and says there was nothing in empty files', async () => {
    const first = await imports.begin({ folderId: inboxId });
    const mbox = mboxOf([message(800), message(801)]);
    await imports.chunk({ importId: first.importId, file: 0, fileName: 'd.mbox', base64: mbox.subarray(0, mbox.length - 10).toString('base64'), endOfFile: false });
    assert.deepEqual(await imports.end({ importId: first.importId, cancel: true }), { imported: 1 }, 'the message the stop cut short is not delivered');
    const empty = await imports.begin({ folderId: inboxId });
    await imports.chunk({ importId: empty.importId, file: 0, fileName: 'empty.eml', base64: '', endOfFile: true });
    await rejectsWith(imports.end({ importId: empty.importId }), 'invalid-argument', /hold no messages/);
  });

  it('stops at a message larger than it imports, keeping and counting what came before', async () => {
    const { importId } = await imports.begin({ folderId: inboxId });
    // The second message grows without end; the first is complete once the second starts.
    const small = mboxOf([message(900), message(901)]);
    assert.equal((await imports.chunk({ importId, file: 0, fileName: 'big.mbox', base64: small.toString('base64'), endOfFile: false })).imported, 1);
    const line = Buffer.alloc(1024 * 1024, 0x61);
    line[line.length - 1] = 0x0a;
    const step = line.toString('base64');
    const chunkCount = maxImportMessageBytes / line.length + 2;
    let refused: unknown = null;
    for (let n = 0; n < chunkCount && refused === null; n += 1) {
      await imports.chunk({ importId, file: 0, fileName: 'big.mbox', base64: step, endOfFile: false }).catch((error: unknown) => {
        refused = error;
      });
    }
    assert.ok(refused instanceof LetterboxError, 'a message over the limit is refused');
    assert.equal(refused.code, 'invalid-argument');
    assert.equal(refused.message, 'big.mbox: a message is larger than 256 MB, more than Letterbox imports. 1 message was imported before it stopped.');
    await rejectsWith(imports.end({ importId }), 'not-found', /has ended/);
  });

  it('drops an import the page stopped sending, and holds at most four at once', async () => {
    const open = await Promise.all([1, 2, 3].map(() => imports.begin({ folderId: inboxId })));
    await rejectsWith(imports.begin({ folderId: inboxId }).then(() => imports.begin({ folderId: inboxId })), 'invalid-argument', /Other imports/);
    clock += 16 * 60 * 1000;
    const fresh = await imports.begin({ folderId: inboxId });
    await rejectsWith(imports.end({ importId: open[0]?.importId ?? '' }), 'not-found', /has ended/);
    await imports.end({ importId: fresh.importId, cancel: true });
  });
});
