// A resync of a folder nothing changed in (issue 10: "a no-change resync should not grow
// with the folder"). Counted rather than timed: at 100,000 messages Dovecot's EXAMINE of a
// Maildir reads the whole dovecot-uidlist, counting a folder's rows visits all of them, and
// any write to the store (an UPDATE to the same values too: it counts in total_changes())
// makes the service rebuild the folder's conversation order, so an unchanged folder must be
// neither selected, counted nor written. A change made elsewhere must still be found.
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { OpenImapSession } from '../../electron/imap/imap-types.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { createSyncEngine, type SyncEngine } from '../../electron/sync/sync-engine.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate, writeMaildirMessages } from '../servers/seed.ts';
import { serverLines, storeLines } from '../servers/service-harness.ts';
import { insertImapAccount } from '../servers/store-account.ts';
import { createMemorySecretStore } from '../../bench/support/memory-secret-store.ts';

const COUNT = 30;

describe('resync of a folder nothing changed in', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let store: Store;
  // What the engine is given: the store, with every call to the repositories sync uses recorded.
  let engineStore: Store;
  const storeCalls: string[] = [];
  // The reads a no-change sync may make: none of them visits the folder's messages.
  // beginHeaderSync only counts a sync in memory: it neither reads nor writes, nor starts a thread.
  const smallReads = new Set(['folders.get', 'folders.listByAccount', 'actions.reapply', 'messages.beginHeaderSync']);
  // A second connection to the store file: its PRAGMA data_version moves when any other
  // connection commits a change (https://sqlite.org/pragma.html#pragma_data_version).
  let observer: DatabaseSync;
  let accountId: string;
  let inboxId: string;
  // What each sync asked of the server, by session method.
  const calls: string[] = [];
  const events: string[] = [];

  // False: the session has no STATUS step (a test double's, or a wrapper's), so sync selects.
  let offerStatus = true;

  const recordingSession: OpenImapSession = async (settings) => {
    const session = await openImapSession(settings);
    const { folderStatus } = session;
    return {
      ...session,
      folderStatus: undefined,
      ...(folderStatus === undefined || !offerStatus
        ? {}
        : {
            folderStatus: (path: string) => {
              calls.push('folderStatus');
              return folderStatus(path);
            },
          }),
      resyncFolder: (path, known, options) => {
        calls.push('resyncFolder');
        return session.resyncFolder(path, known, options);
      },
      fetchHeaders: (path, options) => {
        calls.push('fetchHeaders');
        return session.fetchHeaders(path, options);
      },
      watch: (path, handlers) => {
        calls.push('watch');
        return session.watch(path, handlers);
      },
    };
  };

  const secretStore = createMemorySecretStore();

  function recorded<T extends object>(name: string, repository: T): T {
    const copy: Record<string, unknown> = { ...(repository as Record<string, unknown>) };
    for (const [key, value] of Object.entries(repository)) {
      if (typeof value !== 'function') continue;
      copy[key] = (...args: unknown[]): unknown => {
        storeCalls.push(`${name}.${key}`);
        return (value as (...values: unknown[]) => unknown)(...args);
      };
    }
    return copy as T;
  }

  function newEngine(openSession: OpenImapSession, allowModseq = true): SyncEngine {
    return createSyncEngine({
      store: engineStore,
      secretStore,
      openImapSession: openSession,
      trustedCertificates: [server.caCertificate],
      emit: (event) => {
        events.push(event);
      },
      reportStatus: () => undefined,
      logError: (error) => {
        console.error(error);
      },
      allowModseq,
    });
  }

  async function syncInbox(allowModseq: boolean): Promise<void> {
    const engine = newEngine(recordingSession, allowModseq);
    try {
      await engine.syncFolder(inboxId);
    } finally {
      await engine.stopAll();
    }
  }

  function storeVersion(): number {
    return (observer.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
  }

  async function storedInbox(): Promise<readonly string[]> {
    const page = await store.messages.listPage(inboxId, 0, 1000);
    assert.ok(page);
    return storeLines(page.items);
  }

  before(async () => {
    server = await startDovecot();
    await appendMessages(
      server,
      'alice',
      'INBOX',
      Array.from({ length: COUNT }, (_, index) => ({
        raw: generateMessage(index + 1),
        internalDate: seedDate(index + 1),
        flags: index % 3 === 0 ? ['\\Seen'] : [],
      })),
    );
    other = await connectAs(server, 'alice');
    dataDir = makeTempDir();
    store = openStore(dataDir.path);
    engineStore = {
      ...store,
      folders: recorded('folders', store.folders),
      sync: recorded('sync', store.sync),
      messages: recorded('messages', store.messages),
      actions: recorded('actions', store.actions),
    };
    accountId = (await insertImapAccount(store, secretStore, server, 'alice')).id;
    const engine = newEngine(openImapSession);
    await engine.syncAccount(accountId);
    await engine.stopAll();
    // The first sync's word index is written behind it, on the header writer's thread.
    await store.messages.flushSearchIndex();
    const inbox = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX');
    assert.ok(inbox?.highestModseq, 'Dovecot offers CONDSTORE, so the first sync kept a HIGHESTMODSEQ');
    inboxId = inbox.id;
    observer = new DatabaseSync(join(dataDir.path, databaseFileName), { readOnly: true });
  });

  after(async () => {
    observer.close();
    store.close();
    await other.logout();
    await server.stop();
    dataDir.remove();
  });

  // One sync of an Inbox nothing changed in: it asks the server only `expected`, calls no
  // store method that counts or writes, commits nothing and tells nobody.
  async function assertNoChangeSync(expected: readonly string[]): Promise<void> {
    const version = storeVersion();
    calls.length = 0;
    events.length = 0;
    storeCalls.length = 0;
    await syncInbox(true);
    assert.deepEqual(calls, expected);
    assert.deepEqual(
      storeCalls.filter((call) => !smallReads.has(call)),
      [],
    );
    assert.equal(storeVersion(), version, 'the store was written');
    assert.deepEqual(
      events.filter((event) => event === 'messagesChanged'),
      [],
    );
  }

  it('asks STATUS, does not select the folder, neither counts nor writes, and tells nobody', async () => {
    assert.deepEqual(await storedInbox(), await serverLines(other, 'INBOX'));
    await assertNoChangeSync(['folderStatus']);
  });

  it('by EXAMINE, where STATUS is not asked, finds HIGHESTMODSEQ unmoved and neither counts nor writes', async () => {
    offerStatus = false;
    try {
      await assertNoChangeSync(['resyncFolder']);
    } finally {
      offerStatus = true;
    }
  });

  it('still finds a flag change, an expunge and mail delivered straight into the Maildir', async () => {
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd('2', ['\\Seen', '$label1'], { uid: true });
      await other.messageDelete('3', { uid: true });
    } finally {
      lock.release();
    }
    // Past Dovecot's index: only its next look at new/ and cur/ finds it.
    writeMaildirMessages(server, 'alice', 'INBOX', [generateMessage(COUNT + 1)]);
    calls.length = 0;
    await syncInbox(true);
    assert.deepEqual(calls, ['folderStatus', 'resyncFolder', 'fetchHeaders']);
    const lines = await storedInbox();
    assert.deepEqual(lines, await serverLines(other, 'INBOX'));
    assert.equal(lines.length, COUNT);
    assert.ok(lines.includes('2 [\\seen] [$label1]'), lines.slice(0, 4).join('\n'));
    const inbox = await store.folders.get(inboxId);
    assert.equal(inbox?.totalCount, COUNT);
    assert.equal(inbox.unreadCount, lines.filter((line) => !line.includes('\\seen')).length);

    // And once that is stored, the next sync is a no-change one again.
    await assertNoChangeSync(['folderStatus']);
  });

  it('without CONDSTORE (allowModseq false) opens the folder and compares, as before', async () => {
    calls.length = 0;
    await syncInbox(false);
    assert.deepEqual(calls, ['resyncFolder']);
    assert.deepEqual(await storedInbox(), await serverLines(other, 'INBOX'));
  });
});
