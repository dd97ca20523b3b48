// The offline reading policy against Dovecot: with "last 30 days", sync downloads the
// bodies of newer messages in the background after the headers (indexed for search), so
// they read with the network off; older ones say at once that they need the network.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../shared/domain.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const dayMs = 86_400_000;
const RECENT = 12;
const OLD = 6;

describe('offline reading policy: the last 30 days', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;

  before(async () => {
    server = await startDovecot();
    const now = Date.now();
    const recent = Array.from({ length: RECENT }, (_, index) => {
      const date = new Date(now - (index + 1) * dayMs);
      return { raw: generateMessage(index + 1, { date, subject: `Recent ${index + 1} zephyrword${index + 1}` }), internalDate: date };
    });
    const old = Array.from({ length: OLD }, (_, index) => {
      const date = new Date(now - (40 + index) * dayMs);
      return { raw: generateMessage(100 + index, { date, subject: `Old ${index + 1}` }), internalDate: date };
    });
    await appendMessages(server, 'alice', 'INBOX', [...old, ...recent]);
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    account = await addAliceAccount(harness, server);
  });

  after(async () => {
    await harness.close();
    await server.stop();
    dataDir.remove();
  });

  it('downloads the newer bodies after the headers, with progress, and reads them offline', async () => {
    assert.deepEqual(await harness.request('getOfflinePolicy', { accountId: account.id }), { mode: 'recent', days: 30 });
    // Joins the sync that adding the account started: the headers are in once it resolves.
    await harness.request('syncAccount', { accountId: account.id });
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await eventually(async () => {
      const messages = await harness.allMessages(inbox.id);
      assert.equal(messages.length, RECENT + OLD);
      assert.equal(messages.filter((message) => message.bodyState === 'full').length, RECENT);
    }, 20_000);
    // The last batch is reported once its commit's answer reaches the main thread, a moment
    // after the store (read on another connection) already shows it.
    await eventually(() => {
      const progress = harness.statuses.map((status) => status.text).filter((text) => text.startsWith('Downloading messages'));
      assert.ok(progress.includes(`Downloading messages ${RECENT} of ${RECENT}`), progress.join(' | '));
      return Promise.resolve();
    }, 10_000);
    await eventually(() => {
      assert.equal(harness.statuses.at(-1)?.text, 'Up to date');
      return Promise.resolve();
    }, 10_000);

    const messages = await harness.allMessages(inbox.id);
    for (const message of messages) {
      assert.equal(message.bodyState, message.subject.startsWith('Recent') ? 'full' : 'headers', message.subject);
    }
    // Downloading must not mark anything read (BODY.PEEK, RFC 3501 6.4.5).
    assert.ok(messages.every((message) => !message.flags.seen));
    // Bodies were indexed as they were stored: a word only in a body finds its message.
    const found = await harness.request('searchMessages', { query: 'number 7', sort: 'date', offset: 0, limit: 5 });
    assert.ok(found.items.some((item) => item.subject.startsWith('Recent 7 ')));

    await harness.request('setWorkOffline', { offline: true });
    const recent = messages.find((message) => message.subject.startsWith('Recent 3 '));
    assert.ok(recent);
    const opened = await harness.request('getMessage', { messageId: recent.id });
    assert.match(opened.text ?? '', /this is message number 3\./);

    const old = messages.find((message) => message.subject === 'Old 2');
    assert.ok(old);
    const started = Date.now();
    const refused = await harness.service.dispatch('getMessage', { messageId: old.id });
    const elapsed = Date.now() - started;
    if (refused.ok) assert.fail('an old message opened offline without its body');
    assert.equal(refused.error.code, 'network');
    assert.match(refused.error.message, /not been downloaded yet.*working offline/);
    assert.ok(elapsed < 1000, `answered in ${elapsed} ms, without trying the network`);
    await harness.request('setWorkOffline', { offline: false });
  });

  it("downloads every body once the policy is \"all\"", async () => {
    await harness.request('setOfflinePolicy', { accountId: account.id, policy: { mode: 'all', days: 30 } });
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await eventually(async () => {
      const messages = await harness.allMessages(inbox.id);
      assert.equal(messages.filter((message) => message.bodyState === 'full').length, RECENT + OLD);
    }, 20_000);
    assert.deepEqual(await harness.request('getOfflinePolicy', { accountId: account.id }), { mode: 'all', days: 30 });
  });
});
