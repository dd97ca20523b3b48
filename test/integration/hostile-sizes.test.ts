// Issue 9, item 7: hostile sizes. A 50 MB HTML body, 100,000 nested elements, 10,000 MIME
// parts and a 100 MB attachment, written straight into real Dovecot's Maildir, synced (the
// default offline policy downloads them), then opened through the service while the main
// thread's event loop lag and the process's memory are measured.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Message, MessageSummary } from '../../shared/domain.ts';
import { bodyPartLimits } from '../../electron/mime/body-parts.ts';
import { maxListedAttachments } from '../../electron/mime/message-view.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import {
  bigAttachmentMessage,
  bigHtmlMessage,
  deepNestingMessage,
  hostileSizes,
  manyPartsMessage,
  writeHostileMessages,
  type HostileMessage,
} from '../servers/hostile-size-mail.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const { megabyte } = hostileSizes;

// The promise: no task on the main thread longer than this while a hostile message opens.
const maxLagMs = 200;
// What opening them may add to the process. The main thread's heap: what it keeps of a
// message is the bounded view (at most bodyPartLimits.maxShownChars, 4 Mi characters, of
// parts) while the source never enters it, so 32 MB. The whole process's resident memory
// (the parsing thread included): reading the 137 MB source from SQLite holds it twice for a
// moment (SQLite assembles the BLOB, Node copies it), a parsing thread with its modules is
// about 100 MB, and mailparser keeps a text part's decoded text (the 50 MB HTML body) while it
// parses; 512 MB covers that, and it does not grow with the number of parts or attachments.
// Before these bounds, opening the same four messages grew the process past 2 GB.
const maxHeapGrowthMb = 32;
const maxRssGrowthMb = 512;

function hostileMessages(): readonly HostileMessage[] {
  return [
    bigHtmlMessage(1, 50 * megabyte),
    deepNestingMessage(2, 100_000),
    manyPartsMessage(3, 10_000),
    bigAttachmentMessage(4, 100 * megabyte),
  ];
}

type Measured<T> = { readonly value: T; readonly maxLagMs: number; readonly peakRssMb: number };

// monitorEventLoopDelay at 10 ms resolution: its maximum is the longest the loop was held.
async function measuring<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  histogram.enable();
  try {
    const value = await work();
    return { value, maxLagMs: histogram.max / 1e6, peakRssMb: peakRss / megabyte };
  } finally {
    histogram.disable();
    clearInterval(sampler);
  }
}

describe('hostile sizes: huge, deep and many-part messages open without stalling the main thread', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  const messages = hostileMessages();

  before(async () => {
    server = await startDovecot();
    writeHostileMessages(server, 'alice', 'INBOX', messages);
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path });
  });

  after(async () => {
    await harness.close();
    await server.stop();
    dataDir.remove();
  });

  it('opens each through the service with the loop never held 200 ms, bounded memory and a clear notice', async () => {
    const account = await addAliceAccount(harness, server);
    const inbox = await (async () => {
      await harness.request('syncAccount', { accountId: account.id });
      return harness.folderByPath(account.id, 'INBOX');
    })();
    let summaries: readonly MessageSummary[] = [];
    // The offline policy downloads the bodies after the headers, in the background.
    const synced = await measuring(() =>
      eventually(
        async () => {
          summaries = await harness.allMessages(inbox.id);
          assert.equal(summaries.filter((summary) => summary.bodyState === 'full').length, messages.length);
        },
        120_000,
        250,
      ),
    );

    const opened = new Map<string, Message>();
    const rssBefore = process.memoryUsage.rss() / megabyte;
    const heapBefore = process.memoryUsage().heapUsed / megabyte;
    const reading = await measuring(async () => {
      for (const message of messages) {
        const summary = summaries.find((candidate) => candidate.subject === message.subject);
        assert.ok(summary, `${message.name} was synced`);
        opened.set(message.name, await harness.request('getMessage', { messageId: summary.id }));
      }
    });
    const heapGrowth = process.memoryUsage().heapUsed / megabyte - heapBefore;
    const rssGrowth = reading.peakRssMb - rssBefore;
    console.log(
      `hostile sizes: ${messages.length} cases tried, max event loop lag ${Math.round(reading.maxLagMs)} ms, ` +
        `heap growth ${Math.round(heapGrowth)} MB, peak RSS growth ${Math.round(rssGrowth)} MB ` +
        `(background download of the same: max lag ${Math.round(synced.maxLagMs)} ms, peak RSS ${Math.round(synced.peakRssMb)} MB)`,
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

    assert.ok(reading.maxLagMs < maxLagMs, `the main thread's event loop was held ${Math.round(reading.maxLagMs)} ms (limit ${maxLagMs} ms)`);
    assert.ok(heapGrowth < maxHeapGrowthMb, `opening grew the main thread's heap by ${Math.round(heapGrowth)} MB (limit ${maxHeapGrowthMb} MB)`);
    assert.ok(rssGrowth < maxRssGrowthMb, `opening grew the process by ${Math.round(rssGrowth)} MB (limit ${maxRssGrowthMb} MB)`);
  });
});
