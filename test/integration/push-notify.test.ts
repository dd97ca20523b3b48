// Push for every other folder through NOTIFY (RFC 5465): mail another client (or a server-side
// rule) files into a folder nobody idles on, and folders created, renamed or deleted
// elsewhere, reach the store at once, with the interval check set far beyond the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/domain.ts';
import { openNotifyConnection } from '../../electron/imap/notify-connection.ts';
import type { OpenNotifySession } from '../../electron/imap/notify-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../servers/seed.ts';
import {
  addAliceAccount,
  eventually,
  serverLines,
  startServiceHarness,
  storeLines,
  type ServiceHarness,
} from '../servers/service-harness.ts';

// Generous for a loaded 2-core machine; what the delays really are is printed after the suite.
const NOTIFY_DEADLINE_MS = 10_000;
// Far longer than the whole suite: no interval check runs during it.
const NO_CHECK_MS = 3_600_000;

function seed(from: number, count: number): { raw: string; internalDate: Date }[] {
  return Array.from({ length: count }, (_, index) => ({ raw: generateMessage(from + index), internalDate: seedDate(from + index) }));
}

// The real NOTIFY connection, recording what each open gave. Its keepalive (a new NOTIFY SET
// after this much quiet) is short here, as it would be after a minute of quiet anyway, so a
// Dovecot that stopped notifying (notify-connection.ts) cannot stall the suite.
function recordingNotify(results: string[]): OpenNotifySession {
  return async (settings, handlers) => {
    const session = await openNotifyConnection(settings, handlers, { keepaliveMs: 2000 });
    results.push(session === null ? 'unsupported' : 'open');
    return session;
  };
}

describe('push through NOTIFY', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;
  const opened: string[] = [];
  const delays: Record<string, number> = {};

  before(async () => {
    server = await startDovecot();
    other = await connectAs(server, 'alice');
    await other.mailboxCreate('Receipts');
    await other.mailboxSubscribe('Receipts');
    // Not subscribed: Letterbox keeps only its counts.
    await other.mailboxCreate('Lists');
    await appendMessages(server, 'alice', 'INBOX', seed(1, 3));
    await appendMessages(server, 'alice', 'Receipts', seed(101, 2));
    await appendMessages(server, 'alice', 'Lists', seed(201, 2));
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: NO_CHECK_MS }, openNotifySession: recordingNotify(opened) });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
  });

  after(async () => {
    await harness.close();
    await other.logout();
    await server.stop();
    dataDir.remove();
    console.log(`NOTIFY delays (ms), against an interval check of 5 minutes by default: ${JSON.stringify(delays)}`);
  });

  async function matchesServer(path: string): Promise<void> {
    const folder = await harness.folderByPath(account.id, path);
    assert.deepEqual(storeLines(await harness.allMessages(folder.id)), await serverLines(other, path));
  }

  it('is offered by the test Dovecot once logged in', () => {
    assert.ok(other.capabilities.has('NOTIFY'), 'Dovecot lists NOTIFY among its capabilities after LOGIN');
  });

  it('shows mail another client files into a folder that is neither the Inbox nor viewed', async () => {
    await eventually(() => {
      assert.deepEqual(opened, ['open']);
      return Promise.resolve();
    }, NOTIFY_DEADLINE_MS);
    const receipts = await harness.folderByPath(account.id, 'Receipts');
    assert.equal((await harness.allMessages(receipts.id)).length, 2);
    await appendMessages(server, 'alice', 'Receipts', seed(300, 1));
    delays.appendToOtherFolder = await eventually(async () => {
      const messages = await harness.allMessages(receipts.id);
      assert.ok(messages.some((message) => message.messageId === '<seed-300@letterbox.test>'));
    }, NOTIFY_DEADLINE_MS);
    await matchesServer('Receipts');
    const after = await harness.folderByPath(account.id, 'Receipts');
    assert.equal(after.totalCount, 3);
    assert.equal(after.unreadCount, 3);
  });

  it('takes flags set and a message expunged elsewhere in that folder', async () => {
    const lock = await other.getMailboxLock('Receipts');
    try {
      await other.messageFlagsAdd('1', ['\\Flagged', '$label3'], { uid: true });
      await other.messageFlagsAdd('2', ['\\Seen'], { uid: true });
      await other.messageDelete('3', { uid: true });
    } finally {
      lock.release();
    }
    delays.flagsAndExpunge = await eventually(() => matchesServer('Receipts'), NOTIFY_DEADLINE_MS);
  });

  it('updates the counts of a folder whose headers are not kept', async () => {
    await appendMessages(server, 'alice', 'Lists', seed(400, 2));
    delays.countsOfUnsubscribed = await eventually(async () => {
      const lists = await harness.folderByPath(account.id, 'Lists');
      assert.equal(lists.totalCount, 4);
      assert.equal(lists.unreadCount, 4);
    }, NOTIFY_DEADLINE_MS);
  });

  it('shows a folder created elsewhere, then its new name, then that it is gone', async () => {
    const paths = async (): Promise<readonly string[]> => (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.path);
    await other.mailboxCreate('Projects');
    delays.folderCreated = await eventually(async () => {
      assert.ok((await paths()).includes('Projects'));
    }, NOTIFY_DEADLINE_MS);
    await other.mailboxRename('Projects', 'Projects 2026');
    delays.folderRenamed = await eventually(async () => {
      const now = await paths();
      assert.ok(now.includes('Projects 2026'));
      assert.ok(!now.includes('Projects'));
    }, NOTIFY_DEADLINE_MS);
    await other.mailboxDelete('Projects 2026');
    delays.folderDeleted = await eventually(async () => {
      assert.ok(!(await paths()).includes('Projects 2026'));
    }, NOTIFY_DEADLINE_MS);
  });

  it('names folders outside ASCII as the folder list does', async () => {
    await other.mailboxCreate('Reçus');
    await other.mailboxSubscribe('Reçus');
    await eventually(async () => {
      await harness.folderByPath(account.id, 'Reçus');
    }, NOTIFY_DEADLINE_MS);
    // test/servers/seed.ts's fast path takes ASCII names only.
    await other.append('Reçus', generateMessage(500), [], seedDate(500));
    delays.appendToNonAsciiFolder = await eventually(() => matchesServer('Reçus'), NOTIFY_DEADLINE_MS);
    const folder = await harness.folderByPath(account.id, 'Reçus');
    assert.equal(folder.totalCount, 1);
  });

  it('kept one NOTIFY connection open all along', () => {
    assert.deepEqual(opened, ['open']);
  });
});

describe('a server without NOTIFY', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  const opened: string[] = [];

  before(async () => {
    // RFC 3501 capabilities Letterbox uses, without NOTIFY (Dovecot's imap_capability replaces the list).
    server = await startDovecot({
      extraConfig: ['imap_capability = IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS CONDSTORE QRESYNC MOVE ESEARCH LIST-EXTENDED LIST-STATUS SPECIAL-USE CHILDREN UNSELECT'],
    });
    const other = await connectAs(server, 'alice');
    try {
      assert.ok(!other.capabilities.has('NOTIFY'));
      await other.mailboxCreate('Receipts');
      await other.mailboxSubscribe('Receipts');
    } finally {
      await other.logout();
    }
    dataDir = makeTempDir();
    // A short check: the fallback is what brings the mail.
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 500 }, openNotifySession: recordingNotify(opened) });
  });

  after(async () => {
    await harness.close();
    await server.stop();
    dataDir.remove();
  });

  it('falls back to the interval check for other folders', async () => {
    const account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    await eventually(() => {
      assert.deepEqual(opened, ['unsupported']);
      return Promise.resolve();
    }, NOTIFY_DEADLINE_MS);
    await appendMessages(server, 'alice', 'Receipts', seed(600, 1));
    await eventually(async () => {
      const receipts = await harness.folderByPath(account.id, 'Receipts');
      assert.equal((await harness.allMessages(receipts.id)).length, 1);
    }, NOTIFY_DEADLINE_MS);
    // Not asked again at each check once the server said it has no NOTIFY.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(opened, ['unsupported']);
  });
});
