// Issue 9, item 7: hostile sizes. A 50 MB HTML body, 100,000 nested elements, 10,000 MIME
// parts and a 100 MB attachment, written straight into real Dovecot's Maildir, synced (the
// default offline policy downloads them in the background), then opened through the
// service, while the main thread's event loop lag and the process's memory are measured.
// Older copies of the two largest (past the policy's 30 days) are opened before they were
// ever downloaded: fetched at opening.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Message, MessageSummary } from '../../shared/domain.ts';
import { bodyPartLimits } from '../../electron/mime/body-parts.ts';
import { maxListedAttachments } from '../../electron/mime/message-view.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { toRowId } from '../../electron/store/row-id.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { largeSourceBytes } from '../../electron/sync/large-source.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import {
  bigAttachmentMessage,
  bigHtmlMessage,
  deepNestingMessage,
  hostileSizes,
  manyPartsMessage,
  writeHostileMessages,
  type HostileMessage,
  type ServedSource,
} from '../servers/hostile-size-mail.ts';
import { probeInputVariable, probeResultIn, type ProbeInput, type ProbeResult } from '../servers/hostile-download-probe.ts';
import { startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';
import { describeHold, measureLoopHold } from '../servers/loop-hold.ts';

const { megabyte, lastWordOfBigHtml } = hostileSizes;

// The promise: no task on the main thread longer than this while a hostile message opens.
const maxLagMs = 200;
// What opening them may add to the process. The main thread's heap: what it keeps of a
// message is the bounded view (at most bodyPartLimits.maxShownChars, 4 Mi characters, of
// parts) while the source never enters it, so 32 MB. The whole process's resident memory
// (the parsing thread included): reading the 137 MB source from SQLite holds it twice for a
// moment (SQLite assembles the BLOB, Node copies it), a parsing thread with its modules is
// about 100 MB, and mailparser keeps a text part's decoded text (the 50 MB HTML body) while it
// parses. That sum is about 500 MB, and it does not grow with the number of parts or
// attachments. Measured on the 2-core CI machine of 2026-11-29: 503 to 516 MB in six runs,
// the same with and without that day's changes, so the budget is 576 MB; a process that held
// a second copy of the 137 MB source, or grew with the parts, would still fail it.
// Before these bounds, opening the same four messages grew the process past 2 GB.
const maxHeapGrowthMb = 32;
const maxRssGrowthMb = 576;

function hostileMessages(): readonly HostileMessage[] {
  return [
    bigHtmlMessage(1, 50 * megabyte),
    deepNestingMessage(2, 100_000),
    manyPartsMessage(3, 10_000),
    bigAttachmentMessage(4, 100 * megabyte),
  ];
}

// Past the default offline policy (the last 30 days): not downloaded in the background.
const daysOld = 40;
function olderCopies(): readonly HostileMessage[] {
  return [bigHtmlMessage(5, 50 * megabyte, { daysOld }), bigAttachmentMessage(6, 100 * megabyte, { daysOld })];
}

describe('hostile sizes: huge, deep and many-part messages download and open without stalling the main thread', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness | null = null;
  let served: ReadonlyMap<string, ServedSource>;
  let summaries: readonly MessageSummary[] = [];
  let probed: ProbeResult | null = null;
  const messages = hostileMessages();
  const older = olderCopies();

  before(async () => {
    server = await startDovecot();
    served = writeHostileMessages(server, 'alice', 'INBOX', [...messages, ...older]);
    dataDir = makeTempDir();
  });

  after(async () => {
    await harness?.close();
    await server.stop();
    dataDir.remove();
  });

  const summaryOf = (message: HostileMessage): MessageSummary => {
    const summary = summaries.find((candidate) => candidate.subject === message.subject);
    assert.ok(summary, `${message.name} was synced`);
    return summary;
  };

  // What the store holds of a message, read on its own connection: the bytes Dovecot
  // served, none lost, none added.
  function assertStoredAsServed(message: HostileMessage): void {
    const summary = summaryOf(message);
    assert.equal(summary.bodyState, 'full', `${message.name} is stored`);
    const expected = served.get(message.name);
    assert.ok(expected);
    assert.equal(summary.size, expected.size, `${message.name}: RFC822.SIZE`);
    const database = new DatabaseSync(join(dataDir.path, databaseFileName), { readOnly: true });
    try {
      const row = database.prepare('SELECT source FROM message_sources WHERE message_id = ?').get(toRowId(summary.id));
      const source = row?.['source'];
      assert.ok(source instanceof Uint8Array, `${message.name}: its source is stored`);
      assert.equal(source.length, expected.size, `${message.name}: stored size`);
      assert.equal(createHash('sha256').update(source).digest('hex'), expected.sha256, `${message.name}: stored bytes`);
    } finally {
      database.close();
    }
  }

  it('downloads them in the background, and opens two not yet downloaded, with the loop never held 200 ms, each stored byte for byte', async () => {
    // The service in a plain Node process, as the app runs it (hostile-download-probe.ts says
    // why not in this one): the account added, synced, the offline policy's download of the
    // four (the two large ones in ranges, assembled and stored on the header writer's
    // thread), then the two older ones opened before any download (fetched in ranges at
    // opening), each measured.
    const alice = server.user('alice');
    const input: ProbeInput = {
      dataDir: dataDir.path,
      host: server.host,
      imapsPort: server.imapsPort,
      caCertificate: server.caCertificate,
      username: alice.username,
      password: alice.password,
      downloaded: messages.map((message) => message.subject),
      openedFirst: older.map((message) => message.subject),
      searchedWord: 'newsletter',
    };
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../servers/hostile-download-probe.ts', import.meta.url))], {
      env: { ...process.env, [probeInputVariable]: JSON.stringify(input) },
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 16 * megabyte,
    });
    const result = probeResultIn(run.stdout);
    assert.ok(result, `the probe reported (exit ${run.status}, signal ${run.signal}): ${run.stderr.slice(-2000)}`);
    probed = result;
    console.log(
      `hostile sizes: first header sync of ${messages.length + older.length} cases, event loop held ${describeHold(result.firstSync)}; ` +
        `background download of ${messages.length} cases, event loop held ${describeHold(result.download)}, ` +
        `peak RSS ${Math.round(result.download.peakRssMb)} MB; ${older.length} opened before download, ` +
        `event loop held ${describeHold(result.opening)}, peak RSS ${Math.round(result.opening.peakRssMb)} MB; ` +
        `${Object.keys(result.sources.bytes).length} sources read whole, event loop held ${describeHold(result.sources)}; ` +
        `${Object.keys(result.sources.bytes).length} pending bodies indexed by a search, event loop held ${describeHold(result.pending)} ` +
        `(main thread CPU: first sync ${Math.round(result.firstSync.mainThreadCpuMs)} ms, download ${Math.round(result.download.mainThreadCpuMs)} ms, opening ${Math.round(result.opening.mainThreadCpuMs)} ms, ` +
        `sources ${Math.round(result.sources.mainThreadCpuMs)} ms, pending bodies ${Math.round(result.pending.mainThreadCpuMs)} ms)`,
    );

    // The same store, in this process, for the reading that follows.
    harness = startServiceHarness(server, { dataDir: dataDir.path });
    const account = (await harness.request('listAccounts', {})).find((candidate) => candidate.email === 'alice@example.org');
    assert.ok(account, "the probe's account is in the store");
    summaries = await harness.allMessages((await harness.folderByPath(account.id, 'INBOX')).id);
    assert.ok(
      messages.filter((message) => (served.get(message.name)?.size ?? 0) > largeSourceBytes).length === 2,
      'two of the four are fetched in ranges',
    );
    for (const message of [...messages, ...older]) assertStoredAsServed(message);
    // The 10,000-part BODYSTRUCTURE, parsed on its own thread during the header sync
    // (electron/imap/body-structure-diversion.ts), is stored whole: Dovecot's 9,999 children.
    const manyParts = summaryOf(manyPartsMessage(3, 0));
    assert.equal(manyParts.hasAttachments, true, 'the many-part message has attachments');
    const database = new DatabaseSync(join(dataDir.path, databaseFileName), { readOnly: true });
    try {
      const stored = database.prepare('SELECT body_structure FROM messages WHERE id = ?').get(toRowId(manyParts.id))?.['body_structure'];
      assert.equal(typeof stored, 'string', 'its structure is stored');
      assert.equal((JSON.parse(String(stored)) as { childNodes?: unknown[] }).childNodes?.length, 9_999);
    } finally {
      database.close();
    }
    // Indexed for search as they were stored, on the writer's thread, whether downloaded in
    // the background or at opening: a word only in their body finds both. The 50 MB HTML
    // body is indexed from its start (electron/search/indexed-text.ts): a word of its first
    // rows finds both copies, its last word neither.
    const found = await harness.request('searchMessages', { query: 'large', sort: 'date', offset: 0, limit: 5 });
    assert.deepEqual(
      found.items.map((item) => item.subject),
      [bigAttachmentMessage(4, 0).subject, bigAttachmentMessage(6, 0, { daysOld }).subject],
    );
    const bigHtmlSubjects = [bigHtmlMessage(1, 0).subject, bigHtmlMessage(5, 0, { daysOld }).subject];
    const start = await harness.request('searchMessages', { query: 'newsletter', sort: 'date', offset: 0, limit: 5 });
    assert.deepEqual(
      start.items.map((item) => item.subject),
      bigHtmlSubjects,
    );
    const end = await harness.request('searchMessages', { query: lastWordOfBigHtml, sort: 'date', offset: 0, limit: 5 });
    assert.deepEqual(end.items, [], 'the index holds only the start of a 50 MB body');

    // Sources read whole, off the main thread, each as Dovecot served it.
    for (const message of [...messages, ...older]) {
      assert.equal(result.sources.bytes[message.subject], served.get(message.name)?.size, `${message.name}: getSource`);
    }
    // Pending bodies (a store from before the index) are read and parsed by the body text
    // threads, the 50 MB HTML one included, found again by a word of its start.
    assert.deepEqual(result.pending.found, bigHtmlSubjects);
    assert.equal(result.pending.stillPending, 0);

    assert.ok(
      result.firstSync.heldMs < maxLagMs,
      `the first header sync (a 10,000-part BODYSTRUCTURE among its messages) held the main thread's event loop ${describeHold(result.firstSync)} (limit ${maxLagMs} ms)`,
    );
    assert.ok(result.download.heldMs < maxLagMs, `downloading held the main thread's event loop ${describeHold(result.download)} (limit ${maxLagMs} ms)`);
    assert.ok(
      result.opening.heldMs < maxLagMs,
      `opening messages not yet downloaded held the main thread's event loop ${describeHold(result.opening)} (limit ${maxLagMs} ms)`,
    );
    assert.ok(result.sources.heldMs < maxLagMs, `reading sources whole held the main thread's event loop ${describeHold(result.sources)} (limit ${maxLagMs} ms)`);
    assert.ok(result.pending.heldMs < maxLagMs, `indexing pending bodies held the main thread's event loop ${describeHold(result.pending)} (limit ${maxLagMs} ms)`);
  });

  it('opens each through the service with the loop never held 200 ms, bounded memory and a clear notice', async () => {
    const service = harness;
    assert.ok(service, 'the first test started the service');
    const opened = new Map<string, Message>();
    const rssBefore = process.memoryUsage.rss() / megabyte;
    const heapBefore = process.memoryUsage().heapUsed / megabyte;
    const reading = await measureLoopHold(async () => {
      for (const message of messages) {
        opened.set(message.name, await service.request('getMessage', { messageId: summaryOf(message).id }));
      }
    });
    const heapGrowth = process.memoryUsage().heapUsed / megabyte - heapBefore;
    const rssGrowth = reading.peakRssMb - rssBefore;
    console.log(
      `hostile sizes: ${messages.length} cases tried, event loop held ${describeHold(reading)}, ` +
        `heap growth ${Math.round(heapGrowth)} MB, peak RSS growth ${Math.round(rssGrowth)} MB`,
    );

    const shownChars = (message: Message) =>
      message.bodyParts.reduce((sum, part) => sum + (part.kind === 'html' ? part.html.length : part.text.length), 0);
    for (const [name, message] of opened) {
      assert.ok(shownChars(message) <= bodyPartLimits.maxShownChars + bodyPartLimits.maxTextChars, `${name}: the parts handed over are bounded`);
      assert.ok((message.html?.length ?? 0) <= bodyPartLimits.maxHtmlChars, `${name}: the joined HTML is bounded`);
      assert.ok(message.attachments.length <= maxListedAttachments, `${name}: the attachment list is bounded`);
    }

    const bigHtml = opened.get('big-html');
    assert.ok(bigHtml);
    assert.match(bigHtml.notice ?? '', /too large to show formatted/);
    assert.match(bigHtml.notice ?? '', /Search finds words only in the first 4 MB of its text\./);
    assert.match(bigHtml.notice ?? '', /Save as \.eml/);
    assert.equal(bigHtml.html, null);
    assert.deepEqual(
      bigHtml.bodyParts.map((part) => part.kind),
      ['text'],
      'the 50 MB HTML is shown as its text',
    );
    assert.match(bigHtml.bodyParts[0]?.kind === 'text' ? bigHtml.bodyParts[0].text : '', /^Row 1 of a very long newsletter/);

    const deep = opened.get('deep-nesting');
    assert.ok(deep);
    assert.match(deep.notice ?? '', /nests its formatting too deeply/);
    assert.equal(deep.html, null);
    assert.deepEqual(deep.bodyParts, [{ kind: 'text', text: 'The innermost sentence of a deeply nested message.' }]);

    const many = opened.get('many-parts');
    assert.ok(many);
    assert.equal(many.bodyParts.length, bodyPartLimits.maxParts);
    assert.deepEqual(many.bodyParts[0], { kind: 'html', html: '<p>Part 1 of many.</p>' });
    // 5,000 readable parts, 200 shown.
    assert.match(many.notice ?? '', /4,800 more parts of this message are not shown/);
    assert.match(many.notice ?? '', /attachments are not all listed/);

    const big = opened.get('big-attachment');
    assert.ok(big);
    assert.equal(big.notice, undefined, 'an attachment, however large, is listed as sent');
    assert.deepEqual(
      big.attachments.map((attachment) => [attachment.fileName, attachment.size]),
      [['big.bin', 100 * megabyte]],
    );
    assert.deepEqual(big.bodyParts, [{ kind: 'text', text: 'The attachment is large.' }]);

    assert.ok(reading.heldMs < maxLagMs, `the main thread's event loop was held ${describeHold(reading)} (limit ${maxLagMs} ms)`);
    assert.ok(heapGrowth < maxHeapGrowthMb, `opening grew the main thread's heap by ${Math.round(heapGrowth)} MB (limit ${maxHeapGrowthMb} MB)`);
    assert.ok(rssGrowth < maxRssGrowthMb, `opening grew the process by ${Math.round(rssGrowth)} MB (limit ${maxRssGrowthMb} MB)`);
  });

  it('shows the older ones, opened before they were downloaded, as it shows the downloaded ones', () => {
    assert.ok(probed, 'the probe ran');
    const bigHtml = probed.opened[older[0]?.subject ?? ''];
    assert.ok(bigHtml);
    assert.match(bigHtml.notice ?? '', /too large to show formatted/);
    assert.deepEqual(bigHtml.partKinds, ['text']);
    assert.match(bigHtml.firstPart, /^Row 1 of a very long newsletter/);
    const big = probed.opened[older[1]?.subject ?? ''];
    assert.ok(big);
    assert.equal(big.notice, null);
    assert.deepEqual(big.attachments, [['big.bin', 100 * megabyte]]);
    assert.equal(big.firstPart, 'The attachment is large.');
  });
});
