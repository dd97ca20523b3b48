// Issue 9, item 7, for Local Folders (no server: a real store and real Maildir files in a temp
// dir): a 137 MB message is delivered (as save locally, move to local and POP3 delivery do)
// and exported as .eml and as mbox, while the main thread's event loop is measured. Parsing
// the delivered message (local-header.ts) runs on a body text thread, and the mbox
// export's quoting on the export encoding thread (export-encoding-pool.ts). A message
// forwarded inside a huge one is found by a word of its own (attached-messages.ts). A 50 MB
// HTML message's rows and text are committed on the header writer's thread.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { createLocalFolders, type LocalFolders } from '../../electron/local/local-folders.ts';
import { writeExportFile } from '../../electron/local/export-file.ts';
import { createExportPlanner, type ExportPlanner } from '../../electron/local/export-planner.ts';
import { parseMbox } from '../../electron/local/mbox-format.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { bigAttachmentMessage, bigHtmlMessage, hostileSizes, type HostileMessage } from '../servers/hostile-size-mail.ts';
import { describeHold, measureLoopHold } from '../servers/loop-hold.ts';

const { megabyte } = hostileSizes;
// The aim is no task over about 50 ms (a few ms of work each, plus garbage collection); the
// bound is issue 9's promise, generous for a two-core machine shared with other work. Before,
// measured by this test on the same machine: delivering parsed the whole message with
// mailparser on the main thread (2.6 to 5.8 s), the .eml export base64-encoded it there (about
// 0.5 s under load), and the mbox export quoted its 1.8 million lines there (about 10 s).
const maxLagMs = 200;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function sourceOf(message: HostileMessage): Buffer {
  return Buffer.concat([...message.chunks()].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

// A 3 MB HTML newsletter (its text is read in chunks) forwarding a message of its own.
function bigForward(): Buffer {
  const boundary = 'forward-boundary';
  const html = sourceOf(bigHtmlMessage(2, 3 * megabyte)).toString('utf8');
  const htmlBody = html.slice(html.indexOf('\n\n') + 2);
  return Buffer.from(
    [
      'From: Forwarder <fwd@example.org>',
      'Subject: Hostile: a newsletter forwarding a message',
      'Date: Mon, 1 Jan 2024 09:00:00 +0000',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      htmlBody,
      `--${boundary}`,
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="original.eml"',
      '',
      'From: Original Sender <original@example.org>',
      'Subject: The original about Marzipanoctopus',
      '',
      'Its body speaks of Quillfeatherwhale.',
      `--${boundary}--`,
      '',
    ].join('\n'),
    'utf8',
  );
}

describe('hostile sizes in Local Folders: delivering and exporting a 137 MB message never holds the main thread', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let local: LocalFolders;
  let transfer: ExportPlanner;
  let inboxId: string;
  const big = sourceOf(bigAttachmentMessage(1, 100 * megabyte));
  const bigSha = sha(big);
  let bigId = '';

  before(async () => {
    dir = makeTempDir('lb-hostile-local-');
    store = openStore(dir.path);
    local = createLocalFolders(store, dir.path);
    transfer = createExportPlanner({ store, sourceOf: async (messageId) => (await local.readSource(messageId)) ?? assert.fail('no source') });
    const accountId = (await local.account()).accountId;
    const inbox = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX');
    assert.ok(inbox);
    inboxId = inbox.id;
  });
  after(() => {
    store.close();
    dir.remove();
  });

  async function subjects(query: string): Promise<readonly string[]> {
    const parsed = parseQuery(query);
    if (!parsed.ok || parsed.query === null) assert.fail(`query ${query} did not parse`);
    const page = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
    return page.items.map((item) => item.subject);
  }

  it('delivers it with its envelope, paperclip and text read off the main thread', async () => {
    const delivered = await measureLoopHold(() => local.deliver(inboxId, [{ source: big, size: big.length, ledger: null }]));
    console.log(`hostile sizes (local): delivering ${Math.round(big.length / megabyte)} MB, event loop held ${describeHold(delivered)}`);
    bigId = delivered.value[0] ?? assert.fail('delivered');
    const stored = await store.messages.get(bigId);
    assert.ok(stored);
    assert.equal(stored.subject, 'Hostile: a 100 MB attachment');
    assert.deepEqual(stored.from, { name: 'Hostile Sender', address: 'hostile@example.org' });
    assert.deepEqual(stored.to, [{ name: 'Alice Example', address: 'alice@example.org' }]);
    assert.equal(stored.size, big.length);
    assert.equal(stored.hasAttachments, true);
    assert.deepEqual(await subjects('large'), ['Hostile: a 100 MB attachment'], 'its text is indexed');
    assert.deepEqual(await subjects('big.bin'), ['Hostile: a 100 MB attachment'], "its attachment's name is indexed");
    assert.equal(sha((await local.readSource(bigId)) ?? Buffer.alloc(0)), bigSha, 'its file holds the bytes given');
    assert.ok(delivered.heldMs < maxLagMs, `delivering held the main thread's event loop ${describeHold(delivered)} (limit ${maxLagMs} ms)`);
  });

  it('exports it as .eml and its folder as mbox to files, byte for byte, quoted off the main thread', async () => {
    assert.notEqual(bigId, '', 'the first test delivered it');
    const emlPath = join(dir.path, 'big.eml');
    const mboxPath = join(dir.path, 'big.mbox');
    const emlPlan = await transfer.planExport({ messageId: bigId });
    const mboxPlan = await transfer.planExport({ folderId: inboxId });
    const eml = await measureLoopHold(() => writeExportFile(emlPath, (sink) => emlPlan.write(sink)));
    const mbox = await measureLoopHold(() => writeExportFile(mboxPath, (sink) => mboxPlan.write(sink)));
    console.log(
      `hostile sizes (local): exporting ${Math.round(big.length / megabyte)} MB as .eml, event loop held ${describeHold(eml)}; ` +
        `as mbox, ${describeHold(mbox)}`,
    );
    assert.equal(emlPlan.contentType, 'message/rfc822');
    assert.equal(sha(await readFile(emlPath)), bigSha, 'the .eml is the message');
    assert.equal(mboxPlan.messageCount, 1);
    const messages = parseMbox(await readFile(mboxPath));
    assert.equal(messages.length, 1);
    assert.equal(sha(messages[0] ?? Buffer.alloc(0)), bigSha, 'the mbox holds the message');
    assert.ok(eml.heldMs < maxLagMs, `the .eml export held the main thread's event loop ${describeHold(eml)} (limit ${maxLagMs} ms)`);
    assert.ok(mbox.heldMs < maxLagMs, `the mbox export held the main thread's event loop ${describeHold(mbox)} (limit ${maxLagMs} ms)`);
  });

  it('finds a message forwarded inside a huge one by a word of its subject or its body', async () => {
    const forward = bigForward();
    await local.deliver(inboxId, [{ source: forward, size: forward.length, ledger: null }]);
    const subject = 'Hostile: a newsletter forwarding a message';
    assert.deepEqual(await subjects('newsletter'), [subject], "the carrier's own text");
    assert.deepEqual(await subjects('Marzipanoctopus'), [subject], "the forwarded message's subject");
    assert.deepEqual(await subjects('Quillfeatherwhale'), [subject], "the forwarded message's body");
    assert.deepEqual(await subjects('original@example.org'), [subject], "the forwarded message's sender");
  });

  it('delivers a 50 MB HTML message, its 4 Mi characters of text committed off the main thread', async () => {
    // Committed on the main thread, the word index's insert of that text held it 0.8 to 1.4 s;
    // the header writer's thread commits Local Folders' rows now (header-writer-worker.ts).
    const html = sourceOf(bigHtmlMessage(3, 50 * megabyte));
    const delivered = await measureLoopHold(() => local.deliver(inboxId, [{ source: html, size: html.length, ledger: null }]));
    console.log(`hostile sizes (local): delivering ${Math.round(html.length / megabyte)} MB of HTML, event loop held ${describeHold(delivered)}`);
    const id = delivered.value[0] ?? assert.fail('delivered');
    assert.equal((await store.messages.get(id))?.subject, 'Hostile: a 50 MB HTML body');
    // The forwarding newsletter above says it too.
    assert.ok((await subjects('"very long newsletter"')).includes('Hostile: a 50 MB HTML body'), 'its text is indexed');
    assert.ok(delivered.heldMs < maxLagMs, `delivering held the main thread's event loop ${describeHold(delivered)} (limit ${maxLagMs} ms)`);
  });
});
