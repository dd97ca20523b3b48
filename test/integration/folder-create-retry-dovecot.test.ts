// A connection lost right after Dovecot carried out a CREATE: the interactive session is
// replaced and the work run again, where the second CREATE hears ALREADYEXISTS. The
// person asked for a folder and has it, so that is success, not "already exists"; so is a
// folder another client made since the last listing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/domain.ts';
import type { OpenImapSession } from '../../electron/imap/imap-types.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { connectAs } from '../servers/seed.ts';
import { addAliceAccount, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

describe('creating a folder when the connection drops after the CREATE', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;
  let drops = 0;

  // Every session is real; the one that creates "Dropped" first closes its own connection
  // once Dovecot answered, so the LIST that follows fails as a lost connection would.
  const droppingAfterCreate: OpenImapSession = async (settings) => {
    const session = await openImapSession(settings);
    const create = session.createFolder;
    assert.ok(create);
    return {
      ...session,
      async createFolder(path) {
        await create(path);
        if (path === 'Dropped' && drops === 0) {
          drops += 1;
          await session.close();
        }
      },
    };
  };

  before(async () => {
    server = await startDovecot();
    other = await connectAs(server, 'alice');
    dataDir = makeTempDir();
    harness = startServiceHarness(server, {
      dataDir: dataDir.path,
      openImapSession: droppingAfterCreate,
      sync: { checkIntervalMs: 600_000 },
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

  it('reports the folder made, once, on the server and in the folder list', async () => {
    // The session must have served a request before: only a reused session is retried.
    await harness.request('createFolder', { accountId: account.id, parentFolderId: null, name: 'First' });
    await harness.request('createFolder', { accountId: account.id, parentFolderId: null, name: 'Dropped' });
    assert.equal(drops, 1, 'the connection was dropped after the CREATE');
    const onServer = (await other.list()).filter((entry) => entry.path === 'Dropped');
    assert.equal(onServer.length, 1);
    const stored = (await harness.request('listFolders', { accountId: account.id })).filter(
      (folder) => folder.path === 'Dropped',
    );
    assert.equal(stored.length, 1);
  });

  it('still says "already exists" for a folder that existed before the first CREATE', async () => {
    const result = await harness.service.dispatch('createFolder', {
      accountId: account.id,
      parentFolderId: null,
      name: 'Dropped',
    });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'already-exists');
  });

  it('takes a folder another client made since the last listing as made, and subscribes it', async () => {
    // Made elsewhere without SUBSCRIBE: not in this client's listing yet.
    await other.mailboxCreate('Elsewhere');
    await other.mailboxUnsubscribe('Elsewhere');
    assert.ok(!(await harness.request('listFolders', { accountId: account.id })).some((folder) => folder.path === 'Elsewhere'));
    await harness.request('createFolder', { accountId: account.id, parentFolderId: null, name: 'Elsewhere' });
    const stored = (await harness.request('listFolders', { accountId: account.id })).filter((folder) => folder.path === 'Elsewhere');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.subscribed, true);
    assert.equal((await other.list()).find((entry) => entry.path === 'Elsewhere')?.subscribed, true);
  });
});
