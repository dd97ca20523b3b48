// A flag change waits in the action queue (the server cannot be told yet) while another
// device changes the same message; the resync that brings the other change sees the old
// value of our flag. The store must show both: ours still applied, theirs arrived. The
// engine runs here without the service's event-driven reapply, so the sync itself must
// keep the queued change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { createSyncEngine, type SyncEngine } from '../../electron/sync/sync-engine.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { MessageSummary } from '../../shared/domain.ts';
import { createMemorySecretStore } from '../../bench/support/memory-secret-store.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../servers/seed.ts';

for (const allowModseq of [true, false]) {
  const mode = allowModseq ? 'qresync' : 'compare';
  describe(`resync with a flag change still queued (${mode})`, { skip: dovecotSkipReason() }, () => {
    let server: DovecotServer;
    let other: ImapFlow;
    let dataDir: ReturnType<typeof makeTempDir>;
    let store: Store;
    let engine: SyncEngine;
    let accountId: string;
    const written: string[] = [];

    before(async () => {
      server = await startDovecot();
      await appendMessages(
        server,
        'alice',
        'INBOX',
        Array.from({ length: 5 }, (_, index) => ({ raw: generateMessage(index + 1), internalDate: seedDate(index + 1) })),
      );
      other = await connectAs(server, 'alice');
      dataDir = makeTempDir();
      store = openStore(dataDir.path);
      const secretStore = createMemorySecretStore();
      const alice = server.user('alice');
      await secretStore.set('alice-secret', alice.password);
      const account = await store.accounts.insert({
        kind: 'imap',
        name: 'Alice',
        email: 'alice@example.org',
        incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
        outgoing: null,
        secretReference: 'alice-secret',
      });
      accountId = account.id;
      engine = createSyncEngine({
        store,
        secretStore,
        openImapSession,
        trustedCertificates: [server.caCertificate],
        emit: (event, payload) => {
          if (event === 'messagesChanged') written.push(JSON.stringify(payload));
        },
        reportStatus: () => undefined,
        logError: (error) => {
          console.error(error);
        },
        allowModseq,
      });
      await store.offlinePolicy.set(accountId, { mode: 'headers', days: 30 });
      await engine.syncAccount(accountId);
    });

    after(async () => {
      await engine.stopAll();
      store.close();
      await other.logout();
      await server.stop();
      dataDir.remove();
    });

    async function inboxMessages(): Promise<readonly MessageSummary[]> {
      const inbox = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX');
      assert.ok(inbox);
      return (await store.messages.listPage(inbox.id, 0, 50))?.items ?? [];
    }

    it('keeps the queued change over the server\'s older value, and takes the other device\'s change', async () => {
      const before = await inboxMessages();
      const target = before.find((message) => message.uid === 2);
      assert.ok(target);
      assert.equal(target.flags.seen, false);
      // Queued only: nothing replays in this test, as when the server cannot be reached.
      await store.actions.enqueueFlags([target.id], { seen: true, flagged: true }, Date.now());
      // Another device changes the same message (a keyword), so the resync fetches its
      // FLAGS, which still say \Seen and \Flagged are off.
      const lock = await other.getMailboxLock('INBOX');
      try {
        await other.messageFlagsAdd('2', ['$Important'], { uid: true });
      } finally {
        lock.release();
      }

      const inbox = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX');
      assert.ok(inbox);
      written.length = 0;
      await engine.syncFolder(inbox.id);
      assert.ok(written.length > 0, 'the resync wrote the server\'s flags');

      const after = (await inboxMessages()).find((message) => message.id === target.id);
      assert.ok(after);
      assert.deepEqual({ seen: after.flags.seen, flagged: after.flags.flagged, keywords: after.keywords }, {
        seen: true,
        flagged: true,
        keywords: ['$Important'],
      });
      assert.equal(await store.actions.count(), 1, 'the change still waits for the server');
      // The other messages are exactly the server's.
      const others = (await inboxMessages()).filter((message) => message.id !== target.id);
      assert.ok(others.every((message) => !message.flags.seen && !message.flags.flagged && message.keywords.length === 0));
    });
  });
}
