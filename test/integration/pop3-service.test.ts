// POP3 through the service, as the UI drives it: add the account (connection test first),
// read its mail from Local Folders, change flags (the Maildir file is renamed), delete here
// (and so on the server), and a large message kept as headers until it is opened.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { eventually } from '../servers/service-harness.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';

const skip = dovecotSkipReason();
const USER = { username: 'carol', password: 'carol-pw-1' };

describe('POP3 accounts in the service', { skip }, () => {
  let server: DovecotServer;
  let service: Service;
  const changedFolders: string[] = [];
  const dir = makeTempDir('lb-pop3-service-');

  async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    const result = await service.dispatch(channel, args);
    if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as ResultOf<C>;
  }

  async function serverCount(): Promise<number> {
    const session = await openPop3Session({ host: server.host, port: server.pop3sPort, security: 'tls', ...USER, trustedCertificates: [server.caCertificate] });
    try {
      return (await session.stat()).messageCount;
    } finally {
      await session.quit();
    }
  }

  before(async () => {
    server = await startDovecot({ users: [USER] });
    service = createService({
      dataDir: dir.path,
      secretStore: createFileSecretStore(dir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
      logError: (error) => {
        console.error('service error:', error);
      },
    });
    service.subscribe((event, payload) => {
      if (event === 'messagesChanged') changedFolders.push(...(payload as { folderIds: readonly string[] }).folderIds);
    });
  });
  after(async () => {
    await service.close();
    await server.stop();
    dir.remove();
  });

  it('adds a POP3 account, delivers into Local Folders and applies local changes to the Maildir', async () => {
    const big = `${generateMessage(100, { subject: 'Big report' })}\r\n${'x'.repeat(76).concat('\r\n').repeat(200)}`;
    await appendMessages(server, USER.username, 'INBOX', [...Array.from({ length: 5 }, (_, i) => ({ raw: generateMessage(i, { kind: 'plain' }) })), { raw: big }]);

    const wrong = await service.dispatch('addAccount', {
      kind: 'pop3',
      email: 'carol@example.org',
      password: 'not-it',
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: USER.username },
      outgoing: null,
    });
    assert.equal(wrong.ok ? 'ok' : wrong.error.code, 'auth-failed');

    const account = await request('addAccount', {
      kind: 'pop3',
      email: 'carol@example.org',
      password: USER.password,
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: USER.username },
      outgoing: null,
      pop3: { deleteWhenDeletedHere: true, maxMessageBytes: 8 * 1024 },
    });
    assert.equal(account.kind, 'pop3');
    await request('syncAccount', { accountId: account.id });

    const accounts = await request('listAccounts', {});
    const local = accounts.find((candidate) => candidate.kind === 'local');
    assert.ok(local);
    const folders = await request('listFolders', { accountId: local.id });
    const inbox = folders.find((folder) => folder.role === 'inbox');
    const trash = folders.find((folder) => folder.role === 'trash');
    assert.ok(inbox && trash);
    assert.deepEqual([inbox.totalCount, inbox.unreadCount], [6, 6]);
    assert.ok(changedFolders.includes(inbox.id), 'the delivery announced the Inbox as changed');

    const page = await request('listMessages', { folderId: inbox.id, offset: 0, limit: 50 });
    const large = page.items.find((item) => item.subject === 'Big report');
    const plain = page.items.find((item) => item.subject === 'Test message 3');
    assert.ok(large && plain);
    assert.equal(large.bodyState, 'headers', 'over the size limit: headers only');
    assert.equal(plain.bodyState, 'full');

    const message = await request('getMessage', { messageId: plain.id });
    assert.match(message.text ?? '', /this is message number 3/);

    // Opening the large one downloads the rest (RETR) into its own Maildir file.
    const whole = await request('getMessage', { messageId: large.id });
    assert.match(whole.text ?? '', /x{76}/);
    assert.equal(maildirFiles(dir.path, '').cur.length, 6);

    // Flags are applied locally: the file's Maildir info follows, nothing waits on a server.
    await request('setFlags', { messageIds: [plain.id], seen: true, flagged: true });
    await eventually(async () => {
      assert.equal((await request('getPendingActions', {})).count, 0);
      assert.equal(maildirFiles(dir.path, '').cur.filter((name) => name.endsWith(':2,FS')).length, 1);
    }, 10_000);

    // Deleted here: to the Local Folders Trash, then from the server at the next check.
    await request('deleteMessages', { messageIds: [plain.id] });
    await eventually(async () => {
      assert.equal((await request('getPendingActions', {})).count, 0);
      assert.equal(maildirFiles(dir.path, '.Trash').cur.length, 1);
    }, 10_000);
    assert.equal(await serverCount(), 6);
    await request('syncAccount', { accountId: account.id });
    assert.equal(await serverCount(), 5);
    const again = await request('listMessages', { folderId: inbox.id, offset: 0, limit: 50 });
    assert.equal(again.total, 5, 'nothing downloaded twice');

    // Local Folders cannot be removed; removing the POP3 account keeps its mail here.
    const refused = await service.dispatch('removeAccount', { accountId: local.id });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-argument');
    await request('removeAccount', { accountId: account.id });
    assert.equal((await request('listMessages', { folderId: inbox.id, offset: 0, limit: 50 })).total, 5);
  });
});
