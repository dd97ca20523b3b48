// Never a bare EXPUNGE (issue 9, item 4): on a server without UIDPLUS (RFC 4315), an EXPUNGE
// (or a CLOSE of a mailbox selected read-write, RFC 3501 6.4.2) would remove every message
// flagged \Deleted, including those another client marked and meant to keep until it
// expunges them itself. Real Dovecot, with UIDPLUS (and UNSELECT) taken out of its
// capabilities, plays that server; another client marks a message \Deleted first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { EventMap } from '../../shared/events.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage } from '../servers/seed.ts';

// Dovecot 2.3's own list (seen on this machine) without UIDPLUS and UNSELECT.
const CAPABILITIES_WITHOUT_UIDPLUS =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE CHILDREN NAMESPACE LIST-EXTENDED I18NLEVEL=1 ' +
  'CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY ' +
  'PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';

type ServerMessage = { readonly subject: string; readonly flags: readonly string[] };

async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// What another client sees in a folder, selected afresh each time.
async function serverFolder(client: ImapFlow, path: string): Promise<readonly ServerMessage[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
    return messages
      .map((message) => ({
        subject: message.envelope?.subject ?? '',
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
      }))
      .sort((a, b) => a.subject.localeCompare(b.subject));
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

async function markDeleted(client: ImapFlow, path: string, subject: string): Promise<void> {
  const lock = await client.getMailboxLock(path);
  try {
    const uids = await client.search({ subject }, { uid: true });
    assert.ok(Array.isArray(uids) && uids.length === 1, `${subject} is in ${path}`);
    assert.ok(await client.messageFlagsAdd(uids, ['\\Deleted'], { uid: true }));
  } finally {
    lock.release();
  }
}

describe('deleting on a server without UIDPLUS', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let service: Service;
  let accountId = '';
  const dataDir = makeTempDir('lb-no-uidplus-');
  const notices: string[] = [];
  const failures: string[] = [];

  async function folderId(path: string): Promise<string> {
    const folder = (await request(service, 'listFolders', { accountId })).find((candidate) => candidate.path === path);
    assert.ok(folder, `folder ${path} is known`);
    return folder.id;
  }

  async function idOf(path: string, subject: string): Promise<string> {
    const page = await request(service, 'listMessages', { folderId: await folderId(path), offset: 0, limit: 100 });
    const message = page.items.find((item) => item.subject === subject);
    assert.ok(message, `${subject} is cached in ${path}`);
    return message.id;
  }

  const queueEmpty = () => waitFor('the action queue to empty', async () => (await request(service, 'getPendingActions', {})).count === 0);

  before(async () => {
    server = await startDovecot({ extraConfig: [`imap_capability = ${CAPABILITIES_WITHOUT_UIDPLUS}`] });
    const plain = (i: number, subject: string) => ({ raw: generateMessage(i, { kind: 'plain', subject }) });
    await appendMessages(server, 'alice', 'Trash', [plain(1, 'Trash kept by other'), plain(2, 'Trash deleted here')]);
    await appendMessages(server, 'alice', 'Projects', [plain(3, 'Projects kept by other'), plain(4, 'Projects moved here')]);
    other = await connectAs(server, 'alice');
    await other.mailboxSubscribe('Projects');
    service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
      logError: (error) => {
        console.error('service error:', error);
      },
    });
    service.subscribe((event, payload) => {
      if (event === 'actionNotice') notices.push((payload as EventMap['actionNotice']).message);
      if (event === 'actionFailed') failures.push((payload as EventMap['actionFailed']).message);
    });
    const alice = server.user('alice');
    const account = await request(service, 'addAccount', {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
      outgoing: null,
    });
    accountId = account.id;
    await request(service, 'syncAccount', { accountId });
  });

  after(async () => {
    await service.close();
    await other.logout().catch(() => undefined);
    await server.stop();
    dataDir.remove();
  });

  it('the test server really offers no UIDPLUS and no UNSELECT', () => {
    assert.equal(other.capabilities.has('UIDPLUS'), false);
    assert.equal(other.capabilities.has('UNSELECT'), false);
    assert.equal(other.capabilities.has('MOVE'), true);
  });

  it("deleting one message in the Trash leaves another client's \\Deleted message there, and tells the user", async () => {
    await markDeleted(other, 'Trash', 'Trash kept by other');
    await request(service, 'deleteMessages', { messageIds: [await idOf('Trash', 'Trash deleted here')] });
    await queueEmpty();
    // Both are still on the server, both marked: nothing was expunged.
    assert.deepEqual(await serverFolder(other, 'Trash'), [
      { subject: 'Trash deleted here', flags: ['\\Deleted'] },
      { subject: 'Trash kept by other', flags: ['\\Deleted'] },
    ]);
    assert.deepEqual(failures, []);
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /marked as deleted but left on the server/);
    assert.match(notices[0] ?? '', /"Trash"/);
    assert.match(notices[0] ?? '', /no UIDPLUS/);
    console.log(`note shown: ${notices[0]}`);
  });

  it("renaming the folder Letterbox has selected read-write does not CLOSE away another client's \\Deleted message", async () => {
    await markDeleted(other, 'Projects', 'Projects kept by other');
    // A move selects Projects read-write on the interactive connection (UID MOVE).
    await request(service, 'moveMessages', {
      messageIds: [await idOf('Projects', 'Projects moved here')],
      targetFolderId: await folderId('INBOX'),
    });
    await queueEmpty();
    await request(service, 'renameFolder', { folderId: await folderId('Projects'), name: 'Projects 2024' });
    assert.deepEqual(await serverFolder(other, 'Projects 2024'), [{ subject: 'Projects kept by other', flags: ['\\Deleted'] }]);
  });
});
