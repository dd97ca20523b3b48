// A bad network between Letterbox and Dovecot (test/servers/tcp-proxy.ts): a cut in the
// middle of a 5,000-message header sync, refused reconnects, and "Work offline".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/domain.ts';
import type { OpenImapSession } from '../../electron/imap/imap-types.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate, writeMaildirMessages } from '../servers/seed.ts';
import {
  addAliceAccount,
  eventually,
  serverLines,
  startServiceHarness,
  storeLines,
  type ServiceHarness,
} from '../servers/service-harness.ts';
import { startTcpProxy, type TcpProxy } from '../servers/tcp-proxy.ts';

const COUNT = 5000;

describe('reconnecting through a proxy that cuts the connection', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let proxy: TcpProxy;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;

  // Every connection of the service goes through the proxy, with short timeouts (long
  // enough for a 500-message FETCH on a loaded 2-core machine).
  const throughProxy: OpenImapSession = (settings) => openImapSession({ ...settings, port: proxy.port, timeoutMs: 8000 });

  function startHarness(): ServiceHarness {
    return startServiceHarness(server, {
      dataDir: dataDir.path,
      openImapSession: throughProxy,
      sync: { backoff: { baseMs: 200, maxMs: 800 }, checkIntervalMs: 600_000 },
    });
  }

  before(async () => {
    server = await startDovecot();
    writeMaildirMessages(
      server,
      'alice',
      'INBOX',
      Array.from({ length: COUNT }, (_, index) => generateMessage(index + 1)),
      (index) => (index % 3 === 0 ? ['\\Seen'] : []),
      (index) => seedDate(index + 1),
    );
    proxy = await startTcpProxy(server.host, server.imapsPort);
    other = await connectAs(server, 'alice');
    dataDir = makeTempDir();
    harness = startHarness();
  });

  after(async () => {
    await harness.close();
    await other.logout();
    await proxy.close();
    await server.stop();
    dataDir.remove();
  });

  async function inboxMatchesServer(): Promise<void> {
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    const messages = await harness.allMessages(inbox.id);
    assert.equal(messages.length, COUNT);
    assert.equal(new Set(messages.map((message) => message.messageId)).size, COUNT, 'each message once');
    assert.deepEqual(storeLines(messages), await serverLines(other, 'INBOX'));
  }

  it('resumes a header sync cut in the middle: each message once, with the server flags', async () => {
    let cut = false;
    const unsubscribe = harness.service.subscribe((event, payload) => {
      if (cut || event !== 'status') return;
      const match = /^Syncing Inbox (\d+) of 5000$/.exec((payload as { text: string }).text);
      if (match && Number(match[1]) >= 1500) {
        cut = true;
        proxy.setMode('refuse');
        proxy.cutAll();
      }
    });
    account = await addAliceAccount(harness, server, proxy.port);
    await eventually(() => {
      assert.ok(cut, 'the sync was cut');
      assert.ok(harness.statuses.some((status) => /^Reconnecting in \d+ s$/.test(status.text)));
      return Promise.resolve();
    }, 30_000);
    unsubscribe();
    // While the network is down, another device changes messages on both sides of the cut.
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd('5000,4999,2,3', ['\\Flagged', '$label1'], { uid: true });
      await other.messageFlagsRemove('1,4', ['\\Seen'], { uid: true });
    } finally {
      lock.release();
    }
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    const partial = await harness.allMessages(inbox.id);
    assert.ok(partial.length >= 1500 && partial.length < COUNT, `${partial.length} cached at the cut`);
    proxy.setMode('forward');
    await eventually(inboxMatchesServer, 90_000, 250);
    await eventually(() => {
      assert.equal(harness.statuses.at(-1)?.text, 'Up to date');
      return Promise.resolve();
    }, 30_000);
  });

  it('picks up changes after connections are cut while idling', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.cutAll();
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd('10', ['\\Seen', '\\Answered'], { uid: true });
    } finally {
      lock.release();
    }
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(COUNT + 1), internalDate: seedDate(COUNT + 1) }]);
    await eventually(async () => {
      const inbox = await harness.folderByPath(account.id, 'INBOX');
      assert.deepEqual(storeLines(await harness.allMessages(inbox.id)), await serverLines(other, 'INBOX'));
    }, 60_000, 100);
  });

  it('works offline: closes every connection, syncs nothing, and remembers it across a restart', async () => {
    assert.deepEqual(await harness.request('setWorkOffline', { offline: true }), { offline: true });
    assert.equal(harness.statuses.at(-1)?.text, 'Offline');
    await eventually(() => {
      assert.equal(proxy.open(), 0);
      return Promise.resolve();
    }, 2000);
    const refused = await harness.service.dispatch('syncAccount', { accountId: account.id });
    assert.equal(refused.ok, false);

    await harness.close();
    const acceptedBefore = proxy.accepted();
    harness = startHarness();
    assert.deepEqual(await harness.request('getWorkOffline', {}), { offline: true });
    // The cache opens at once, without the network.
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    assert.equal(inbox.totalCount, COUNT + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(proxy.accepted(), acceptedBefore, 'no connection while working offline');

    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(COUNT + 2), internalDate: seedDate(COUNT + 2) }]);
    await harness.request('setWorkOffline', { offline: false });
    await eventually(async () => {
      const now = await harness.folderByPath(account.id, 'INBOX');
      assert.equal(now.totalCount, COUNT + 2);
    }, 30_000, 100);
  });
});
