// Push: the Inbox and the viewed folder are watched with IDLE, so what another device
// does there reaches the store within two seconds, with no sync asked for.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/domain.ts';
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

const PUSH_DEADLINE_MS = 2000;

describe('push through IDLE', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;
  const delays: Record<string, number> = {};

  before(async () => {
    server = await startDovecot();
    const seed = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => ({ raw: generateMessage(from + index), internalDate: seedDate(from + index) }));
    await appendMessages(server, 'alice', 'INBOX', seed(1, 20));
    await appendMessages(server, 'alice', 'Lists', seed(101, 5));
    other = await connectAs(server, 'alice');
    await other.mailboxCreate('Archive');
    dataDir = makeTempDir();
    // No periodic check during the test: only IDLE can bring the changes in.
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
  });

  after(async () => {
    await harness.close();
    await other.logout();
    await server.stop();
    dataDir.remove();
    console.log(`push delays (ms): ${JSON.stringify(delays)}`);
  });

  async function matchesServer(path: string): Promise<void> {
    const folder = await harness.folderByPath(account.id, path);
    assert.deepEqual(storeLines(await harness.allMessages(folder.id)), await serverLines(other, path));
  }

  async function waitForWatchers(): Promise<void> {
    // The watch connections open after the first sync; give them a moment to enter IDLE.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  it('takes flags, a keyword, an expunge and a move made elsewhere in the Inbox within 2 s', async () => {
    await waitForWatchers();
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd('1', ['\\Seen'], { uid: true });
      await other.messageFlagsAdd('2', ['\\Flagged'], { uid: true });
      await other.messageFlagsAdd('3', ['$label2'], { uid: true });
      await other.messageDelete('4', { uid: true });
      await other.messageMove('5', 'Archive', { uid: true });
    } finally {
      lock.release();
    }
    delays.inboxChanges = await eventually(() => matchesServer('INBOX'), PUSH_DEADLINE_MS);
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    assert.equal(inbox.totalCount, 18);
  });

  it('shows a message appended to the Inbox while idling within 2 s', async () => {
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(500), internalDate: seedDate(500) }]);
    delays.inboxAppend = await eventually(async () => {
      const inbox = await harness.folderByPath(account.id, 'INBOX');
      const messages = await harness.allMessages(inbox.id);
      assert.ok(messages.some((message) => message.messageId === '<seed-500@letterbox.test>'));
    }, PUSH_DEADLINE_MS);
    await matchesServer('INBOX');
  });

  it('watches the folder being viewed, even one that is not subscribed', async () => {
    const lists = await harness.folderByPath(account.id, 'Lists');
    assert.equal(lists.subscribed, false);
    await harness.request('setViewedFolder', { folderId: lists.id });
    // Viewing it syncs it at once.
    delays.viewedFirstSync = await eventually(async () => {
      assert.equal((await harness.allMessages(lists.id)).length, 5);
    }, PUSH_DEADLINE_MS);
    await waitForWatchers();
    await appendMessages(server, 'alice', 'Lists', [{ raw: generateMessage(600), internalDate: seedDate(600) }]);
    const lock = await other.getMailboxLock('Lists');
    try {
      await other.messageFlagsAdd('1', ['\\Seen', '$label1'], { uid: true });
    } finally {
      lock.release();
    }
    delays.viewedChanges = await eventually(() => matchesServer('Lists'), PUSH_DEADLINE_MS);
  });

  it('still watches the Inbox while another folder is viewed', async () => {
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(700), internalDate: seedDate(700) }]);
    delays.inboxWhileViewingOther = await eventually(() => matchesServer('INBOX'), PUSH_DEADLINE_MS);
  });

  it('reflects a folder created elsewhere at the next check', async () => {
    await other.mailboxCreate('Projects');
    await harness.request('syncAccount', { accountId: account.id });
    const folders = await harness.request('listFolders', { accountId: account.id });
    assert.ok(folders.some((folder) => folder.path === 'Projects'));
    await other.mailboxRename('Projects', 'Projects 2026');
    await harness.request('syncAccount', { accountId: account.id });
    const renamed = (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.path);
    assert.ok(renamed.includes('Projects 2026'));
    assert.ok(!renamed.includes('Projects'));
  });
});
