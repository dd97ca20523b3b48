// Whole folders to Local Folders, and the account option that moves old mail there, through
// the service against a real Dovecot (issue 6.5): "Save folder locally…" copies every message
// of a server folder byte for byte and leaves the server alone; the option (off by default)
// moves, after a sync, exactly the messages whose internal date is older than N days, each
// verified here before the server's copy goes; and each message says where it lives.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Account, Folder, MessageSummary } from '../../shared/domain.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedMessageId } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const DAY_MS = 86_400_000;

describe('Whole folders and old mail to Local Folders', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  let account: Account;
  let localAccount: Account;
  const dir = makeTempDir('lb-folder-save-');

  async function serverIds(path: string): Promise<readonly string[]> {
    const client = await connectAs(server, 'alice');
    try {
      const lock = await client.getMailboxLock(path, { readOnly: true });
      try {
        if (client.mailbox === false || client.mailbox.exists === 0) return [];
        return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.messageId ?? '').sort();
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  async function localCopies(
    folder: Folder,
  ): Promise<
    readonly { readonly messageId: string | null; readonly sha: string; readonly location: MessageSummary['location'] }[]
  > {
    const copies = [];
    for (const message of await harness.allMessages(folder.id)) {
      const exported = await harness.exportToFile({ messageId: message.id });
      copies.push({ messageId: message.messageId, sha: sha(exported.bytes), location: message.location });
    }
    return copies.sort((a, b) => String(a.messageId).localeCompare(String(b.messageId)));
  }

  before(async () => {
    server = await startDovecot({ users: [{ username: 'alice', password: 'alice-secret-1' }] });
    await appendMessages(
      server,
      'alice',
      'Projects',
      [0, 1, 2].map((i) => ({ raw: generateMessage(i) })),
    );
    // Internal dates (RFC 3501 6.3.11 APPEND date-time) 400 days back for 10-12, 10 days for 13-14.
    await appendMessages(
      server,
      'alice',
      'Old',
      [10, 11, 12, 13, 14].map((i) => ({
        raw: generateMessage(i),
        internalDate: new Date(Date.now() - (i < 13 ? 400 : 10) * DAY_MS),
      })),
    );
    harness = startServiceHarness(server, { dataDir: dir.path });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    const local = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'local');
    assert.ok(local, 'Local Folders exist');
    localAccount = local;
  });
  after(async () => {
    await harness.close();
    await server.stop();
    dir.remove();
  });

  it('saves a whole folder here byte for byte, leaves the server alone, and marks each message as in both places', async () => {
    const projects = await harness.folderByPath(account.id, 'Projects');
    const inbox = await harness.folderByPath(localAccount.id, 'INBOX');
    const statuses: string[] = [];
    const unsubscribe = harness.service.subscribe((event, payload) => {
      if (event === 'status') statuses.push((payload as { readonly text: string }).text);
    });
    const report = await harness.request('saveFolderLocally', { folderId: projects.id, targetFolderId: inbox.id, mode: 'copy' });
    unsubscribe();
    assert.ok(
      statuses.includes('Saving Projects to Local Folders: 0 of 3'),
      `progress in the status: ${JSON.stringify(statuses)}`,
    );
    assert.ok(
      statuses.includes('Saved 3 messages from Projects to Local Folders'),
      `the outcome in the status: ${JSON.stringify(statuses)}`,
    );
    assert.deepEqual(report, { saved: 3, removedFromServer: 0, waitingForServer: 0, failures: [] });
    assert.deepEqual(
      await localCopies(inbox),
      [0, 1, 2].map((i) => ({ messageId: seedMessageId(i), sha: sha(Buffer.from(generateMessage(i))), location: 'both' })),
    );
    assert.deepEqual(await serverIds('Projects'), [0, 1, 2].map(seedMessageId).sort());
    assert.deepEqual(
      (await harness.allMessages(projects.id)).map((message) => message.location),
      ['both', 'both', 'both'],
    );
    // Again: each copy is reused, none made twice.
    await harness.request('saveFolderLocally', { folderId: projects.id, targetFolderId: inbox.id, mode: 'copy' });
    assert.equal((await harness.allMessages(inbox.id)).length, 3);
  });

  it('moves only mail older than N days after a sync, once the option is on', async () => {
    const old = await harness.folderByPath(account.id, 'Old');
    // Local Folders' second folder, empty so far (the Inbox holds the copies above).
    const archive = await harness.folderByPath(localAccount.id, 'Trash');
    const defaults = await harness.request('getLocalArchivePolicy', { accountId: account.id });
    assert.equal(defaults.enabled, false, 'off by default');
    const refused = await harness.service.dispatch('setLocalArchivePolicy', {
      accountId: account.id,
      enabled: true,
      olderThanDays: 365,
      sourceFolderPath: 'Old',
      targetFolderId: old.id,
    });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-argument', 'the target must be a local folder');
    // Off: a sync moves nothing.
    await harness.request('syncFolder', { folderId: old.id });
    await harness.request('syncAccount', { accountId: account.id });
    assert.equal((await serverIds('Old')).length, 5);

    const policy = {
      accountId: account.id,
      enabled: true,
      olderThanDays: 365,
      sourceFolderPath: 'Old',
      targetFolderId: archive.id,
    };
    await harness.request('setLocalArchivePolicy', policy);
    assert.deepEqual(await harness.request('getLocalArchivePolicy', { accountId: account.id }), policy);
    await harness.request('syncAccount', { accountId: account.id });
    await eventually(async () => {
      assert.deepEqual(await serverIds('Old'), [13, 14].map(seedMessageId).sort());
    }, 30_000);
    await eventually(async () => {
      assert.deepEqual(
        await localCopies(archive),
        [10, 11, 12].map((i) => ({ messageId: seedMessageId(i), sha: sha(Buffer.from(generateMessage(i))), location: 'local' })),
      );
    }, 30_000);
    await eventually(async () => {
      assert.deepEqual((await harness.allMessages(old.id)).map((message) => [message.messageId, message.location]).sort(), [
        [seedMessageId(13), 'server'],
        [seedMessageId(14), 'server'],
      ]);
    }, 30_000);
  });
});
