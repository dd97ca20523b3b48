// The body download over many batches and pages against Dovecot (electron/sync/download-
// bodies.ts): batches are fetched, parsed and stored overlapped, so these check what that
// must keep: every body stored and indexed once, across page boundaries; a download that
// gives way stops after the batch it was storing, stores nothing it did not count as
// done, and leaves the rest to the next run, which finishes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemorySecretStore } from '../../bench/support/memory-secret-store.ts';
import type { SyncStatus } from '../../shared/domain.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { ImapSession } from '../../electron/imap/imap-types.ts';
import { openConnection } from '../../electron/store/open-database.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { connectionSettingsFor } from '../../electron/sync/account-connection.ts';
import { downloadBodies, type BodyDownloadContext } from '../../electron/sync/download-bodies.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { generateMessage, writeMaildirMessages } from '../servers/seed.ts';
import { insertImapAccount, syncAccountOnce } from '../servers/store-account.ts';

// Three pages of 500 listed, 100 to a batch: batches run on across the pages.
const COUNT = 1_250;

describe('body download in overlapped batches', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let accountId: string;
  let inboxId: string;
  const secretStore = createMemorySecretStore();

  const openSession = async (): Promise<ImapSession> => openImapSession(await connectionSettingsFor(store, secretStore, accountId, [server.caCertificate]));
  const withoutBody = () => store.offlinePolicy.countWithoutBody([inboxId], null);
  // Rows whose stored body text holds the message's own words ("message number i").
  const indexedBodies = (): number => {
    const database = openConnection(dataDir.path);
    try {
      const row = database.prepare("SELECT COUNT(*) AS n FROM search_words WHERE search_words MATCH 'body : \"message number\"'").get();
      return Number(row?.n);
    } finally {
      database.close();
    }
  };

  before(async () => {
    server = await startDovecot();
    writeMaildirMessages(server, 'alice', 'INBOX', { count: COUNT, message: (index) => generateMessage(index + 1) });
    dataDir = makeTempDir();
    store = openStore(dataDir.path);
    const account = await insertImapAccount(store, secretStore, server, 'alice');
    accountId = account.id;
    await syncAccountOnce(store, secretStore, server, accountId);
    const inbox = (await store.folders.listByAccount(accountId)).find((folder) => folder.path === 'INBOX');
    assert.equal(inbox?.totalCount, COUNT);
    inboxId = inbox.id;
    await store.offlinePolicy.set(accountId, { mode: 'all', days: 30 });
  });

  after(async () => {
    store.close();
    dataDir.remove();
    await server.stop();
  });

  it('gives way after the batch it is storing, and the next run downloads the rest', async () => {
    const statuses: SyncStatus[] = [];
    let yieldNow = false;
    const context: BodyDownloadContext = {
      store,
      emit: () => undefined,
      reportStatus: (status) => {
        statuses.push(status);
        // Asked to give way once the first batch is stored.
        if (status.text.startsWith('Downloading messages') && !status.text.startsWith('Downloading messages 0 ')) yieldNow = true;
      },
      isCancelled: () => false,
      shouldYield: () => yieldNow,
    };
    const session = await openSession();
    try {
      const first = await downloadBodies(context, session, accountId);
      assert.equal(first.finished, false);
      assert.equal(first.downloaded, 100);
      // What it reported is what the store holds: a batch parsed after it gave way was not written.
      assert.equal(await withoutBody(), COUNT - 100);
      assert.equal(indexedBodies(), 100);

      yieldNow = false;
      statuses.length = 0;
      const rest = await downloadBodies({ ...context, reportStatus: (status) => statuses.push(status) }, session, accountId);
      assert.deepEqual(rest, { downloaded: COUNT - 100, finished: true });
    } finally {
      await session.close();
    }
    assert.equal(statuses.at(-1)?.text, `Downloading messages ${COUNT - 100} of ${COUNT - 100}`);
    assert.equal(await withoutBody(), 0);
    // Every body indexed, once: one index row per message.
    assert.equal(indexedBodies(), COUNT);
  });
});
