// Removing an account with a clear choice for the mail it brought into Local Folders (issue 8
// item 7): messages saved locally from a real Dovecot account are kept, files and all, when
// the user keeps them, and deleted with their Maildir files when the user says so; other
// local mail is never touched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Account, Folder } from '../../shared/domain.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();

describe('removing an account, keeping or deleting its locally saved mail', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  let localInbox: Folder;
  const dir = makeTempDir('lb-remove-account-');

  async function saveInboxLocally(account: Account, count: number): Promise<void> {
    await harness.request('syncAccount', { accountId: account.id });
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await eventually(async () => {
      assert.equal((await harness.allMessages(inbox.id)).length, count);
    }, 20_000);
    const ids = (await harness.allMessages(inbox.id)).map((message) => message.id);
    const report = await harness.request('saveLocally', { messageIds: ids, targetFolderId: localInbox.id, mode: 'copy' });
    assert.equal(report.saved, count);
  }

  async function localSubjects(): Promise<readonly string[]> {
    return (await harness.allMessages(localInbox.id)).map((message) => message.messageId ?? '').sort();
  }

  before(async () => {
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(1) }, { raw: generateMessage(2) }]);
    await appendMessages(server, 'bob', 'INBOX', [{ raw: generateMessage(3) }]);
    harness = startServiceHarness(server, { dataDir: dir.path });
    const local = (await harness.request('listAccounts', {})).find((account) => account.kind === 'local');
    assert.ok(local);
    localInbox = await harness.folderByPath(local.id, 'INBOX');
  });
  after(async () => {
    await harness.close();
    await server.stop();
    dir.remove();
  });

  it('keeps the saved mail in Local Folders when the user chooses to keep it', async () => {
    const alice = await addAliceAccount(harness, server);
    await saveInboxLocally(alice, 2);
    assert.deepEqual(await harness.request('getAccountLocalMail', { accountId: alice.id }), { messages: 2 });
    await harness.request('removeAccount', { accountId: alice.id, localMail: 'keep' });
    assert.ok(!(await harness.request('listAccounts', {})).some((account) => account.id === alice.id));
    assert.deepEqual(await localSubjects(), ['<seed-1@letterbox.test>', '<seed-2@letterbox.test>']);
    assert.equal(maildirFiles(dir.path, '').cur.length, 2);
    // Opened from its file, with the account gone.
    const [kept] = await harness.allMessages(localInbox.id);
    assert.ok(kept);
    assert.equal((await harness.request('getMessage', { messageId: kept.id })).subject, kept.subject);
  });

  it('deletes the saved mail and its files when the user chooses to delete it, and nothing else', async () => {
    const bob = await harness.request('addAccount', {
      kind: 'imap',
      email: 'bob@example.org',
      password: server.user('bob').password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: 'bob' },
      outgoing: null,
    });
    await saveInboxLocally(bob, 1);
    assert.equal((await localSubjects()).length, 3);
    assert.equal(maildirFiles(dir.path, '').cur.length, 3);
    // Alice's copies are no longer anyone's: they count for no account.
    assert.deepEqual(await harness.request('getAccountLocalMail', { accountId: bob.id }), { messages: 1 });
    await harness.request('removeAccount', { accountId: bob.id, localMail: 'delete' });
    assert.deepEqual(await localSubjects(), ['<seed-1@letterbox.test>', '<seed-2@letterbox.test>']);
    assert.equal(maildirFiles(dir.path, '').cur.length, 2);
    const counts = (await harness.request('listFolders', { accountId: localInbox.accountId })).find((folder) => folder.id === localInbox.id);
    assert.equal(counts?.totalCount, 2, 'the folder count follows');
  });
});
