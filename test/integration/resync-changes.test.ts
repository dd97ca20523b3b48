// Another device changes a folder; one sync later the store matches the server, by
// QRESYNC where Dovecot offers it and by the UID comparison when that is forced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/domain.ts';
import type { FolderResync, OpenImapSession } from '../../electron/imap/imap-types.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../servers/seed.ts';
import { addAliceAccount, serverLines, startServiceHarness, storeLines, type ServiceHarness } from '../servers/service-harness.ts';

const COUNT = 40;

for (const allowModseq of [true, false]) {
  const mode = allowModseq ? 'qresync' : 'compare';
  describe(`resync of a folder changed elsewhere (${mode})`, { skip: dovecotSkipReason() }, () => {
    let server: DovecotServer;
    let other: ImapFlow;
    let dataDir: ReturnType<typeof makeTempDir>;
    let harness: ServiceHarness;
    let account: Account;
    const modes: FolderResync['mode'][] = [];

    // Records which way each resync went, so the test knows which path it exercised.
    const recordingSession: OpenImapSession = async (settings) => {
      const session = await openImapSession(settings);
      return {
        ...session,
        async resyncFolder(path, known, options) {
          const result = await session.resyncFolder(path, known, options);
          modes.push(result.mode);
          return result;
        },
      };
    };

    before(async () => {
      server = await startDovecot();
      await appendMessages(
        server,
        'alice',
        'Work',
        Array.from({ length: COUNT }, (_, index) => ({
          raw: generateMessage(index + 1),
          internalDate: seedDate(index + 1),
          flags: index % 4 === 0 ? ['\\Seen'] : [],
        })),
      );
      other = await connectAs(server, 'alice');
      await other.mailboxSubscribe('Work');
      await other.mailboxCreate('Archive');
      dataDir = makeTempDir();
      harness = startServiceHarness(server, {
        dataDir: dataDir.path,
        openImapSession: recordingSession,
        sync: { allowModseq, checkIntervalMs: 600_000 },
      });
      account = await addAliceAccount(harness, server);
      await harness.request('syncAccount', { accountId: account.id });
    });

    after(async () => {
      await harness.close();
      await other.logout();
      await server.stop();
      dataDir.remove();
    });

    async function syncWork(): Promise<void> {
      const work = await harness.folderByPath(account.id, 'Work');
      await harness.request('syncFolder', { folderId: work.id });
    }

    it('starts equal to the server', async () => {
      const work = await harness.folderByPath(account.id, 'Work');
      assert.deepEqual(storeLines(await harness.allMessages(work.id)), await serverLines(other, 'Work'));
      assert.equal((await serverLines(other, 'Work')).length, COUNT);
    });

    it('takes flags, keywords, an expunge and a move made by another client', async () => {
      const lock = await other.getMailboxLock('Work');
      try {
        await other.messageFlagsAdd('2', ['\\Seen'], { uid: true });
        await other.messageFlagsAdd('3', ['\\Flagged'], { uid: true });
        await other.messageFlagsAdd('4', ['$label1', 'project-x'], { uid: true });
        await other.messageFlagsRemove('5', ['\\Seen'], { uid: true });
        await other.messageDelete('6', { uid: true });
        await other.messageMove('7', 'Archive', { uid: true });
      } finally {
        lock.release();
      }
      modes.length = 0;
      await syncWork();
      assert.deepEqual(modes, [mode]);
      const work = await harness.folderByPath(account.id, 'Work');
      const lines = storeLines(await harness.allMessages(work.id));
      assert.deepEqual(lines, await serverLines(other, 'Work'));
      assert.equal(lines.length, COUNT - 2);
      assert.ok(lines.includes('2 [\\seen] []'), lines.slice(0, 8).join('\n'));
      assert.ok(lines.includes('4 [] [$label1 project-x]'), lines.slice(0, 8).join('\n'));
      assert.ok(lines.includes('5 [] []'));
      assert.equal(work.unreadCount, lines.filter((line) => !line.includes('\\seen')).length);
    });

    it('fetches new mail and changes in one pass', async () => {
      await appendMessages(server, 'alice', 'Work', [{ raw: generateMessage(COUNT + 1), internalDate: seedDate(COUNT + 1) }]);
      const lock = await other.getMailboxLock('Work');
      try {
        await other.messageFlagsAdd('1:*', ['\\Answered'], { uid: true });
      } finally {
        lock.release();
      }
      await syncWork();
      const work = await harness.folderByPath(account.id, 'Work');
      assert.deepEqual(storeLines(await harness.allMessages(work.id)), await serverLines(other, 'Work'));
      assert.equal(work.totalCount, COUNT - 1);
    });

    it('rebuilds the cache when UIDVALIDITY changes, keeping a downloaded source by its Message-ID', async () => {
      const work = await harness.folderByPath(account.id, 'Work');
      const opened = (await harness.allMessages(work.id)).find((message) => message.messageId === '<seed-10@letterbox.test>');
      assert.ok(opened);
      await harness.request('getMessage', { messageId: opened.id });
      const before = await other.status('Work', { uidValidity: true });

      await other.mailboxDelete('Work');
      // Different UIDs this time: the 3 messages come back in another order.
      await appendMessages(server, 'alice', 'Work', [30, 10, 20].map((i) => ({ raw: generateMessage(i), internalDate: seedDate(i) })));
      await other.mailboxSubscribe('Work');
      const afterStatus = await other.status('Work', { uidValidity: true });
      assert.ok(before !== false && afterStatus !== false);
      assert.notEqual(afterStatus.uidValidity, before.uidValidity, 'Dovecot gave the new folder a new UIDVALIDITY');

      await harness.request('syncAccount', { accountId: account.id });
      const rebuilt = await harness.folderByPath(account.id, 'Work');
      const messages = await harness.allMessages(rebuilt.id);
      assert.deepEqual(storeLines(messages), await serverLines(other, 'Work'));
      assert.deepEqual(
        messages.map((message) => `${message.uid} ${message.messageId} ${message.bodyState}`).sort(),
        ['1 <seed-30@letterbox.test> headers', '2 <seed-10@letterbox.test> full', '3 <seed-20@letterbox.test> headers'],
      );
      const reread = messages.find((message) => message.messageId === '<seed-10@letterbox.test>');
      assert.ok(reread);
      const message = await harness.request('getMessage', { messageId: reread.id });
      assert.match(message.text ?? '', /this is message number 10\./);
    });
  });
}
