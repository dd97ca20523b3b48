// IMAP "Save locally" and "Move to local" through the service against a real Dovecot: the
// local copy is byte-for-byte the server's (SHA-256), a copy leaves the server alone, a move
// removes exactly the moved UIDs (STORE \Deleted + UID EXPUNGE) only after the copy was
// verified, saving twice never makes two copies; and a POP3 account delivers into the local
// folder chosen for it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Account, Folder } from '../../shared/domain.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { appendMessages, connectAs, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('Save locally and Move to local', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  let account: Account;
  let localAccount: Account;
  const dir = makeTempDir('lb-save-locally-');
  const serverBytes = new Map<number, Buffer>();

  async function serverUids(path: string): Promise<readonly number[]> {
    const client = await connectAs(server, 'alice');
    try {
      const lock = await client.getMailboxLock(path, { readOnly: true });
      try {
        if (client.mailbox === false || client.mailbox.exists === 0) return [];
        return (await client.fetchAll('1:*', { uid: true }, { uid: true })).map((message) => message.uid).sort((a, b) => a - b);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  async function localFolder(name: string): Promise<Folder> {
    return harness.folderByPath(localAccount.id, name);
  }

  // Each local copy's bytes, read back through the service (its Maildir file), by SHA-256.
  async function localHashes(folder: Folder): Promise<readonly string[]> {
    const hashes: string[] = [];
    for (const message of await harness.allMessages(folder.id)) {
      const exported = await harness.exportToFile({ messageId: message.id });
      hashes.push(sha(exported.bytes));
    }
    return hashes.sort();
  }

  before(async () => {
    server = await startDovecot({ users: [{ username: 'alice', password: 'alice-secret-1' }, { username: 'dave', password: 'dave-secret-4' }] });
    const appended = await appendMessages(
      server,
      'alice',
      'Projects',
      Array.from({ length: 5 }, (_, i) => ({ raw: generateMessage(i), flags: i === 0 ? ['\\Seen'] : [] })),
    );
    const client = await connectAs(server, 'alice');
    try {
      const lock = await client.getMailboxLock('Projects', { readOnly: true });
      try {
        for (const { uid } of appended) {
          const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
          if (uid !== null && message !== false && message.source !== undefined) serverBytes.set(uid, message.source);
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    harness = startServiceHarness(server, { dataDir: dir.path });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    const accounts = await harness.request('listAccounts', {});
    const local = accounts.find((candidate) => candidate.kind === 'local');
    assert.ok(local, 'Local Folders exist');
    localAccount = local;
  });
  after(async () => {
    await harness.close();
    await server.stop();
    dir.remove();
  });

  it('copies a message into a local folder, byte for byte, and leaves the server alone', async () => {
    const projects = await harness.folderByPath(account.id, 'Projects');
    // Not subscribed (made by a bare CREATE), so synced when opened, as the UI would.
    await harness.request('syncFolder', { folderId: projects.id });
    const messages = await eventually(async () => {
      assert.equal((await harness.allMessages(projects.id)).length, 5);
    }, 20_000).then(() => harness.allMessages(projects.id));
    const first = messages.find((message) => message.uid === 1);
    assert.ok(first);
    const inbox = await localFolder('INBOX');
    const report = await harness.request('saveLocally', { messageIds: [first.id], targetFolderId: inbox.id, mode: 'copy' });
    assert.deepEqual(report, { saved: 1, removedFromServer: 0, waitingForServer: 0, failures: [] });
    // Saving the same message again reuses its copy.
    await harness.request('saveLocally', { messageIds: [first.id], targetFolderId: inbox.id, mode: 'copy' });
    assert.deepEqual(await localHashes(inbox), [sha(serverBytes.get(1) ?? Buffer.alloc(0))]);
    const saved = (await harness.allMessages(inbox.id))[0];
    assert.equal(saved?.flags.seen, true, 'the read state comes along');
    assert.deepEqual(await serverUids('Projects'), [1, 2, 3, 4, 5]);
    assert.equal(maildirFiles(dir.path, '').cur.length, 1);
    assert.equal(maildirFiles(dir.path, '').tmp.length, 0);
  });

  it('moves messages: verified local copies first, then exactly those UIDs leave the server', async () => {
    const projects = await harness.folderByPath(account.id, 'Projects');
    const messages = await harness.allMessages(projects.id);
    // Message 2 is opened first, so its source comes from the cache; 1 was copied before.
    const two = messages.find((message) => message.uid === 2);
    assert.ok(two);
    await harness.request('getMessage', { messageId: two.id });
    const inbox = await localFolder('INBOX');
    const moved = messages.filter((message) => message.uid <= 3).map((message) => message.id);
    const report = await harness.request('saveLocally', { messageIds: moved, targetFolderId: inbox.id, mode: 'move' });
    assert.deepEqual(report, { saved: 3, removedFromServer: 3, waitingForServer: 0, failures: [] });
    assert.deepEqual(await serverUids('Projects'), [4, 5]);
    assert.deepEqual(
      await localHashes(inbox),
      [1, 2, 3].map((uid) => sha(serverBytes.get(uid) ?? Buffer.alloc(0))).sort(),
      'each message is here once, with the bytes the server had',
    );
    assert.deepEqual((await harness.allMessages(projects.id)).map((message) => message.uid).sort(), [4, 5], 'the cache follows');
    assert.equal(maildirFiles(dir.path, '').cur.length, 3);
  });

  it('creates folders in Local Folders, nested too, and saves into them', async () => {
    await harness.request('createFolder', { accountId: localAccount.id, parentFolderId: null, name: 'Kept 2026' });
    const kept = await localFolder('Kept 2026');
    await harness.request('createFolder', { accountId: localAccount.id, parentFolderId: kept.id, name: 'Receipts' });
    const receipts = await localFolder('Kept 2026/Receipts');
    assert.equal(receipts.parentId, kept.id);
    const again = await harness.service.dispatch('createFolder', { accountId: localAccount.id, parentFolderId: null, name: 'Kept 2026' });
    assert.ok(!again.ok && again.error.code === 'already-exists', 'the same name twice is refused');
    assert.ok(await localFolder('INBOX'), 'the folders that were there stay');
    const projects = await harness.folderByPath(account.id, 'Projects');
    const fifth = (await harness.allMessages(projects.id)).find((message) => message.uid === 5);
    assert.ok(fifth);
    await harness.request('saveLocally', { messageIds: [fifth.id], targetFolderId: receipts.id, mode: 'copy' });
    assert.deepEqual(await localHashes(receipts), [sha(serverBytes.get(5) ?? Buffer.alloc(0))]);
    // Renamed on this computer (electron/local/local-folder-changes.ts): the saved copy follows.
    await harness.request('renameFolder', { folderId: receipts.id, name: 'Bills' });
    const bills = await localFolder('Kept 2026/Bills');
    assert.equal(bills.id, receipts.id);
    assert.deepEqual(await localHashes(bills), [sha(serverBytes.get(5) ?? Buffer.alloc(0))]);
    // Subscriptions are the server's; a local folder is always listed, so the request is refused.
    const subscribe = await harness.service.dispatch('setFolderSubscribed', { folderId: bills.id, subscribed: false });
    assert.equal(subscribe.ok ? 'ok' : subscribe.error.code, 'invalid-argument');
    assert.equal((await localFolder('Kept 2026/Bills')).subscribed, true);
  });

  it('refuses a target outside Local Folders and messages that are already local', async () => {
    const projects = await harness.folderByPath(account.id, 'Projects');
    const [four] = (await harness.allMessages(projects.id)).filter((message) => message.uid === 4);
    assert.ok(four);
    const wrongTarget = await harness.service.dispatch('saveLocally', { messageIds: [four.id], targetFolderId: projects.id, mode: 'move' });
    assert.equal(wrongTarget.ok ? 'ok' : wrongTarget.error.code, 'invalid-argument');
    const inbox = await localFolder('INBOX');
    const [local] = await harness.allMessages(inbox.id);
    assert.ok(local);
    const already = await harness.service.dispatch('saveLocally', { messageIds: [local.id], targetFolderId: inbox.id, mode: 'copy' });
    assert.equal(already.ok ? 'ok' : already.error.code, 'invalid-argument');
    assert.deepEqual(await serverUids('Projects'), [4, 5]);
  });

  it('delivers a POP3 account into the local folder chosen for it', async () => {
    await appendMessages(server, 'dave', 'INBOX', [{ raw: generateMessage(40) }, { raw: generateMessage(41) }]);
    const pop3 = await harness.request('addAccount', {
      kind: 'pop3',
      email: 'dave@example.org',
      password: 'dave-secret-4',
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: 'dave' },
      outgoing: null,
      pop3: { checkIntervalSeconds: 3600 },
    });
    // Its first check runs at once, into the Inbox; then the target changes.
    const inbox = await localFolder('INBOX');
    await eventually(async () => {
      assert.equal((await harness.allMessages(inbox.id)).length, 5);
    }, 20_000);
    assert.deepEqual(await harness.request('getPop3Target', { accountId: pop3.id }), { folderId: null });
    const projects = await harness.folderByPath(account.id, 'Projects');
    const refused = await harness.service.dispatch('setPop3Target', { accountId: pop3.id, folderId: projects.id });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-argument');
    const trash = await localFolder('Trash');
    await harness.request('setPop3Target', { accountId: pop3.id, folderId: trash.id });
    assert.deepEqual(await harness.request('getPop3Target', { accountId: pop3.id }), { folderId: trash.id });
    await appendMessages(server, 'dave', 'INBOX', [{ raw: generateMessage(42) }]);
    await harness.request('syncAccount', { accountId: pop3.id });
    const delivered = await harness.allMessages(trash.id);
    assert.deepEqual(delivered.map((message) => message.messageId), ['<seed-42@letterbox.test>']);
  });
});
