// The server's quota (RFC 9208) and moving messages between two accounts, against a real
// Dovecot whose users have a 100 KB quota. bob's mailbox starts nearly full.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account, MessageSummary } from '../../shared/domain.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const quotaKib = 100;

function rawMessage(id: string, subject: string, bodyBytes: number): string {
  const line = 'All work and no play makes a full mailbox.';
  const body = Array.from({ length: Math.ceil(bodyBytes / (line.length + 2)) }, () => line).join('\r\n');
  return [
    'From: Carol <carol@example.org>',
    'To: alice@example.org',
    `Subject: ${subject}`,
    'Date: Mon, 6 May 2024 09:00:00 +0000',
    `Message-ID: <${id}@quota.test>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('quota and moving between accounts against Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let bobClient: ImapFlow;
  let aliceClient: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let alice: Account;
  let bob: Account;
  const failures: string[] = [];

  before(async () => {
    server = await startDovecot({
      extraConfig: [
        'mail_plugins = $mail_plugins quota',
        'protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}',
        `plugin {\n  quota = maildir:User quota\n  quota_rule = *:storage=${quotaKib}K\n}`,
      ],
    });
    await appendMessages(server, 'alice', 'INBOX', [
      { raw: rawMessage('small', 'Small one', 1_000), flags: ['\\Seen', '\\Flagged', '$label1'] },
      { raw: rawMessage('big', 'Big one', 20_000) },
    ]);
    await appendMessages(server, 'bob', 'INBOX', [{ raw: rawMessage('filler', 'Filler', 95_000) }]);
    aliceClient = await connectAs(server, 'alice');
    bobClient = await connectAs(server, 'bob');
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    harness.service.subscribe((event, payload) => {
      if (event === 'actionFailed') failures.push((payload as { message: string }).message);
    });
    alice = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: alice.id });
    bob = await harness.request('addAccount', {
      kind: 'imap',
      name: 'Bob',
      email: 'bob@example.org',
      password: server.user('bob').password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: 'bob' },
      outgoing: null,
    });
    await harness.request('syncAccount', { accountId: bob.id });
  });

  after(async () => {
    await harness.close();
    await aliceClient.logout();
    await bobClient.logout();
    await server.stop();
    dataDir.remove();
  });

  async function messages(account: Account, path: string): Promise<readonly MessageSummary[]> {
    return harness.allMessages((await harness.folderByPath(account.id, path)).id);
  }

  async function serverSubjects(client: ImapFlow, path: string): Promise<readonly string[]> {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      await client.noop();
      if (client.mailbox === false || client.mailbox.exists === 0) return [];
      const fetched = await client.fetchAll('1:*', { envelope: true, flags: true });
      return fetched.map((message) => `${message.envelope?.subject ?? ''} [${[...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort().join(' ')}]`).sort();
    } finally {
      lock.release();
    }
  }

  async function queueEmpty(): Promise<void> {
    await eventually(async () => {
      assert.equal((await harness.request('getPendingActions', {})).count, 0);
    }, 20_000);
  }

  it('shows each account\'s quota, and warns for the one nearly full', async () => {
    const aliceQuota = await harness.request('getQuota', { accountId: alice.id });
    assert.equal(aliceQuota.supported, true, JSON.stringify(aliceQuota));
    assert.equal(aliceQuota.storage?.limit, quotaKib * 1024);
    assert.ok(aliceQuota.storage.used > 20_000, `alice uses ${String(aliceQuota.storage.used)} bytes`);
    assert.equal(aliceQuota.nearLimit, false);
    const bobQuota = await harness.request('getQuota', { accountId: bob.id });
    assert.equal(bobQuota.nearLimit, true);
  });

  it('moves a message to another account through the queue, even when started offline: APPEND there, then removed here', async () => {
    const small = (await messages(alice, 'INBOX')).find((message) => message.subject === 'Small one');
    assert.ok(small);
    const bobInbox = await harness.folderByPath(bob.id, 'INBOX');
    await harness.request('setWorkOffline', { offline: true });
    await harness.request('moveMessages', { messageIds: [small.id], targetFolderId: bobInbox.id });
    assert.equal((await harness.request('getPendingActions', {})).count, 1, 'queued while offline');
    assert.ok((await messages(bob, 'INBOX')).some((message) => message.id === small.id), 'shown in the target at once');
    assert.deepEqual(await serverSubjects(aliceClient, 'INBOX'), ['Big one []', 'Small one [$label1 \\Flagged \\Seen]'], 'nothing sent while offline');
    await harness.request('setWorkOffline', { offline: false });
    await queueEmpty();
    assert.deepEqual(await serverSubjects(bobClient, 'INBOX'), ['Filler []', 'Small one [$label1 \\Flagged \\Seen]']);
    assert.deepEqual(await serverSubjects(aliceClient, 'INBOX'), ['Big one []']);
    const moved = (await messages(bob, 'INBOX')).find((message) => message.subject === 'Small one');
    assert.ok(moved && moved.uid > 0, 'the copy has its real UID from APPENDUID');
    assert.deepEqual(failures, []);
  });

  it('keeps a message where it was when the other account is over quota, and says so', async () => {
    const big = (await messages(alice, 'INBOX')).find((message) => message.subject === 'Big one');
    assert.ok(big);
    const bobInbox = await harness.folderByPath(bob.id, 'INBOX');
    await harness.request('moveMessages', { messageIds: [big.id], targetFolderId: bobInbox.id });
    await queueEmpty();
    assert.equal(failures.length, 1);
    assert.match(failures[0] ?? '', /Moving 1 message to "Inbox" failed and was undone\. The mailbox on 127\.0\.0\.1 is full/);
    assert.ok((await messages(alice, 'INBOX')).some((message) => message.id === big.id && message.uid === big.uid), 'back in its folder');
    assert.deepEqual(await serverSubjects(aliceClient, 'INBOX'), ['Big one []']);
    assert.deepEqual(await serverSubjects(bobClient, 'INBOX'), ['Filler []', 'Small one [$label1 \\Flagged \\Seen]']);
  });

  it('explains a COPY refused over quota within one account, and changes nothing', async () => {
    const filler = (await messages(bob, 'INBOX')).find((message) => message.subject === 'Filler');
    assert.ok(filler);
    const archive = await harness.folderByPath(bob.id, 'Archive');
    await harness.request('copyMessages', { messageIds: [filler.id], targetFolderId: archive.id });
    await queueEmpty();
    assert.equal(failures.length, 2);
    assert.match(failures[1] ?? '', /Copying 1 message to "Archive" failed and was undone\. The mailbox on 127\.0\.0\.1 is full \(0\.\d MB of 0\.1 MB used\)/);
    assert.deepEqual(await serverSubjects(bobClient, 'Archive'), []);
  });
});
