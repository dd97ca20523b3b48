// Local Folders' files through the service, as the page uses them (bytes, never paths):
// an mbox (mboxrd, with "From " lines to quote) and .eml files imported into a local folder
// come back byte for byte when the folder is exported as mbox and each message as .eml; a
// server folder exports too; a backup made with VACUUM INTO restores into an empty data
// directory and reads its messages back; and a full disk during a POP3 download is told in
// the status, keeps nothing partial and deletes nothing from the server.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { setWriteFault } from '../../electron/local/maildir-files.ts';
import { parseMbox } from '../../electron/local/mbox-format.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { restoreBackup } from '../../electron/store/store-backup.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Account, Folder } from '../../shared/domain.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { importedCount, importFiles, serviceApi } from '../servers/import-files.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, addPop3Account, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// Messages whose bodies hold every kind of line an mbox must quote.
function trickyMessage(i: number): Buffer {
  return Buffer.from(
    [
      `From: Sender ${i} <sender${i}@example.org>`,
      'To: alice@example.org',
      `Subject: Import ${i}`,
      `Date: Mon, 1 Jan 2024 0${i}:00:00 +0000`,
      `Message-ID: <import-${i}@letterbox.test>`,
      '',
      'From the first line of the body',
      '>From an old quote',
      '>>From a deeper one',
      'From: not a header here',
      '',
      'From ',
      'last line',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

function mboxOf(messages: readonly Buffer[]): Buffer {
  // As mutt writes mboxrd: From_ line, quoted lines, an empty line after each message.
  return Buffer.concat(
    messages.map((message) =>
      Buffer.concat([
        Buffer.from('From sender@example.org Mon Jan  1 00:00:00 2024\n'),
        Buffer.from(message.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1'),
        Buffer.from('\n'),
      ]),
    ),
  );
}

describe('Local Folders: mbox and .eml, backups, a full disk', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  let localAccount: Account;
  const dir = makeTempDir('lb-local-transfer-');
  const dataDir = join(dir.path, 'data');
  const statuses: string[] = [];

  async function localFolder(path: string): Promise<Folder> {
    return harness.folderByPath(localAccount.id, path);
  }

  before(async () => {
    server = await startDovecot({ users: [{ username: 'alice', password: 'alice-secret-1' }, { username: 'erin', password: 'erin-secret-5' }] });
    harness = startServiceHarness(server, { dataDir });
    harness.service.subscribe((event, payload) => {
      if (event === 'status') statuses.push((payload as { text: string }).text);
    });
    const local = (await harness.request('listAccounts', {})).find((account) => account.kind === 'local');
    assert.ok(local);
    localAccount = local;
  });
  after(async () => {
    setWriteFault(null);
    await harness.close();
    await server.stop();
    dir.remove();
  });

  it('imports an mbox and .eml files and exports them again, byte for byte', async () => {
    const inbox = await localFolder('INBOX');
    const inMbox = [trickyMessage(1), trickyMessage(2), trickyMessage(3)];
    const eml = [trickyMessage(4), Buffer.from(generateMessage(7, { kind: 'attachment' }), 'utf8')];
    const imported = await importedCount(serviceApi(harness.service), inbox.id, [
      { fileName: 'old.mbox', bytes: mboxOf(inMbox) },
      ...eml.map((bytes, index) => ({ fileName: `m${index}.eml`, bytes })),
    ]);
    assert.equal(imported, 5);
    const originals = [...inMbox, ...eml];
    assert.equal(maildirFiles(dataDir, '').cur.length, 5);

    const exported = await harness.exportToFile({ folderId: inbox.id });
    assert.equal(exported.fileName, 'Inbox.mbox');
    assert.equal(exported.messageCount, 5);
    const mbox = exported.bytes;
    assert.match(mbox.toString('latin1'), /\r\n>From the first line[^]*\r\n>>From an old quote\r\n>>>From a deeper one\r\n/);
    const back = parseMbox(mbox);
    assert.deepEqual(back.map(sha).sort(), originals.map(sha).sort(), 'each message, unquoted, is the bytes imported');

    const messages = await harness.allMessages(inbox.id);
    const one = messages.find((message) => message.subject === 'Import 2');
    assert.ok(one);
    const file = await harness.exportToFile({ messageId: one.id });
    assert.equal(file.fileName, 'Import 2.eml');
    assert.deepEqual(file.bytes, trickyMessage(2));

    // The exported mbox imports again into another folder as the same messages.
    const trash = await localFolder('Trash');
    await importedCount(serviceApi(harness.service), trash.id, [{ fileName: 'Inbox.mbox', bytes: mbox }]);
    const again = await harness.exportToFile({ folderId: trash.id });
    assert.deepEqual(parseMbox(again.bytes).map(sha).sort(), originals.map(sha).sort());
  });

  it('exports a server folder as mbox with the server bytes, and refuses imports into it', async () => {
    await appendMessages(server, 'alice', 'INBOX', [0, 1, 2].map((i) => ({ raw: generateMessage(i) })));
    const account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
    const inbox = await harness.folderByPath(account.id, 'INBOX');
    await eventually(async () => {
      assert.equal((await harness.allMessages(inbox.id)).length, 3);
    }, 20_000);
    const exported = await harness.exportToFile({ folderId: inbox.id });
    assert.deepEqual(
      parseMbox(exported.bytes).map(sha),
      [0, 1, 2].map((i) => sha(Buffer.from(generateMessage(i), 'utf8'))),
      'oldest first, as the server holds them',
    );
    const refused = await importFiles(serviceApi(harness.service), inbox.id, [{ fileName: 'a.eml', bytes: trickyMessage(9) }]);
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'invalid-argument');
  });

  it('backs up the store and Local Folders, and the backup restores with its messages', async () => {
    const backup = await harness.request('backupStore', {});
    assert.match(backup.fileName, /^letterbox-\d{4}-\d\d-\d\dT/);
    assert.ok(backup.bytes > 0);
    const restored = join(dir.path, 'restored');
    restoreBackup(join(dataDir, 'backups', backup.fileName), restored);
    assert.throws(() => { restoreBackup(join(dataDir, 'backups', backup.fileName), restored); }, /already has a store/);
    const check = new DatabaseSync(join(restored, databaseFileName), { readOnly: true });
    try {
      assert.deepEqual(check.prepare('PRAGMA integrity_check').all().map((row) => Object.values(row)[0]), ['ok']);
    } finally {
      check.close();
    }
    // The restored data directory opened by the service: local mail reads from its files.
    const second = startServiceHarness(server, { dataDir: restored });
    try {
      const local = (await second.request('listAccounts', {})).find((account) => account.kind === 'local');
      assert.ok(local);
      const inbox = await second.folderByPath(local.id, 'INBOX');
      const messages = await second.allMessages(inbox.id);
      assert.equal(messages.length, 5);
      const two = messages.find((message) => message.subject === 'Import 2');
      assert.ok(two);
      const read = await second.request('getMessage', { messageId: two.id });
      assert.match(read.text ?? '', /From the first line of the body/);
      const file = await second.exportToFile({ messageId: two.id });
      assert.deepEqual(file.bytes, trickyMessage(2));
    } finally {
      await second.close();
    }
  });

  it('a full disk during a POP3 download is told in the status, keeps nothing partial and deletes nothing', async () => {
    await appendMessages(server, 'erin', 'INBOX', [10, 11, 12].map((i) => ({ raw: generateMessage(i) })));
    const before = maildirFiles(dataDir, '').cur.length;
    let writes = 0;
    // The second message's file fills the disk halfway through.
    setWriteFault(() => {
      writes += 1;
      return writes === 2 ? Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }) : null;
    });
    const added = await addPop3Account(harness, server, 'erin', { leaveOnServer: false, checkIntervalSeconds: 3600 });
    await eventually(() => {
      assert.ok(statuses.some((text) => /The disk is full/.test(text)), statuses.join(' | '));
      return Promise.resolve();
    }, 20_000);
    const text = statuses.find((candidate) => /The disk is full/.test(candidate)) ?? '';
    assert.match(text, /Nothing was lost and nothing was removed from the server/);
    assert.equal(maildirFiles(dataDir, '').tmp.length, 0, 'no partial file in tmp/');
    assert.equal(maildirFiles(dataDir, '').cur.length, before, 'nothing of that download in cur/');
    const session = await openPop3Session({ host: server.host, port: server.pop3sPort, security: 'tls', username: 'erin', password: 'erin-secret-5', trustedCertificates: [server.caCertificate] });
    try {
      assert.equal((await session.stat()).messageCount, 3, 'the server kept every message');
    } finally {
      await session.quit();
    }
    // With space again, the next check brings all three, once each.
    setWriteFault(null);
    await harness.request('syncAccount', { accountId: added.id });
    assert.equal(maildirFiles(dataDir, '').cur.length, before + 3);
    assert.equal(maildirFiles(dataDir, '').tmp.length, 0);
  });
});
