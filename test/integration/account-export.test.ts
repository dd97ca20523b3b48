// Whole-account export against Dovecot, through the service as the page asks for it: an IMAP
// account synced (headers only, so the export fetches the bodies from the server) is written
// as Maildir++ with a MANIFEST whose checksums match the server's bytes; one changed byte
// makes the import refuse and name the file; export → import into Local Folders → export
// gives byte-identical message files; with the server stopped, messages never downloaded are
// listed as missing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseManifest } from '../../electron/local/export-manifest.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import type { Account } from '../../shared/domain.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const skip = dovecotSkipReason();
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function messageFiles(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(join(dir, 'cur')).map((name) => [name, readFileSync(join(dir, 'cur', name))]));
}

describe('Whole-account export with a verified MANIFEST (Dovecot)', { skip }, () => {
  let server: DovecotServer;
  let harness: ServiceHarness;
  let account: Account;
  let serverStopped = false;
  const dir = makeTempDir('lb-account-export-');
  const first = join(dir.path, 'first');
  const inbox = [0, 1, 2, 3, 4];
  const work = [5, 6, 7];

  before(async () => {
    server = await startDovecot({ users: [{ username: 'alice', password: 'alice-secret-1' }] });
    await appendMessages(server, 'alice', 'INBOX', inbox.map((i) => ({ raw: generateMessage(i), ...(i === 1 ? { flags: ['\\Seen', '\\Flagged'] } : {}) })));
    await appendMessages(server, 'alice', 'Work/Projects', work.map((i) => ({ raw: generateMessage(i) })));
    harness = startServiceHarness(server, { dataDir: join(dir.path, 'data') });
    account = await addAliceAccount(harness, server);
    await harness.request('setOfflinePolicy', { accountId: account.id, policy: { mode: 'headers', days: 30 } });
    await eventually(async () => {
      assert.ok((await harness.request('listFolders', { accountId: account.id })).some((folder) => folder.path === 'Work/Projects'));
    }, 30_000);
    // Only subscribed folders are synced; APPEND created this one unsubscribed.
    await harness.request('setFolderSubscribed', { folderId: (await harness.folderByPath(account.id, 'Work/Projects')).id, subscribed: true });
    await harness.request('syncAccount', { accountId: account.id });
    await eventually(async () => {
      assert.equal((await harness.allMessages((await harness.folderByPath(account.id, 'INBOX')).id)).length, inbox.length);
      assert.equal((await harness.allMessages((await harness.folderByPath(account.id, 'Work/Projects')).id)).length, work.length);
    }, 30_000);
  });
  after(async () => {
    await harness.close();
    if (!serverStopped) await server.stop();
    dir.remove();
  });

  it('writes every folder with the server bytes, flags in the names, checksums in MANIFEST', async () => {
    const report = await harness.request('exportAccount', { accountId: account.id, directory: first });
    assert.deepEqual(report.missing, []);
    assert.equal(report.messages, inbox.length + work.length);
    const manifest = parseManifest(readFileSync(join(first, 'MANIFEST'), 'utf8'));
    assert.deepEqual(manifest.account, { name: 'Alice', email: 'alice@example.org' });
    const projects = manifest.folders.find((folder) => folder.segments.join('/') === 'Work/Projects');
    assert.ok(projects, JSON.stringify(manifest.folders));
    for (const file of manifest.files) {
      const bytes = readFileSync(join(first, file.path));
      assert.equal(sha(bytes), file.sha256, file.path);
      assert.equal(bytes.length, file.size, file.path);
    }
    const expected = (indexes: readonly number[]) => indexes.map((i) => sha(Buffer.from(generateMessage(i), 'utf8'))).sort();
    assert.deepEqual([...messageFiles(first).values()].map(sha).sort(), expected(inbox));
    assert.deepEqual([...messageFiles(join(first, projects.dir)).values()].map(sha).sort(), expected(work));
    const flagged = [...messageFiles(first).keys()].find((name) => name.startsWith(sha(Buffer.from(generateMessage(1), 'utf8'))));
    assert.match(flagged ?? '', /:2,FS$/);
  });

  it('refuses an export with one changed byte, names the file and imports nothing', async () => {
    const bad = join(dir.path, 'tampered');
    cpSync(first, bad, { recursive: true });
    const victim = `cur/${[...messageFiles(bad).keys()].sort()[2] ?? ''}`;
    const bytes = readFileSync(join(bad, victim));
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0x20;
    writeFileSync(join(bad, victim), bytes);
    const local = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'local');
    assert.ok(local);
    const foldersBefore = await harness.request('listFolders', { accountId: local.id });
    const result = await harness.service.dispatch('importAccountExport', { directory: bad, folderName: 'Tampered' });
    if (result.ok) assert.fail('a tampered export was imported');
    assert.equal(result.error.code, 'invalid-argument');
    assert.ok(result.error.message.includes(`${victim} does not match its SHA-256`), result.error.message);
    assert.match(result.error.message, /nothing was imported/);
    assert.deepEqual(await harness.request('listFolders', { accountId: local.id }), foldersBefore);
  });

  it('round trip: import into Local Folders, export again, byte-identical message files', async () => {
    const imported = await harness.request('importAccountExport', { directory: first, folderName: 'Alice backup' });
    assert.equal(imported.imported, inbox.length + work.length);
    const local = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'local');
    assert.ok(local);
    const top = await harness.folderByPath(local.id, 'Alice backup');
    assert.equal(top.id, imported.folderId);
    await harness.folderByPath(local.id, 'Alice backup/Work/Projects');
    const second = join(dir.path, 'second');
    await harness.request('exportAccount', { accountId: local.id, directory: second });
    assert.deepEqual(messageFiles(join(second, '.Alice backup')), messageFiles(first));
    assert.deepEqual(messageFiles(join(second, '.Alice backup.Work.Projects')), messageFiles(join(first, '.Work.Projects')));
  });

  it('with the server stopped, lists messages never downloaded as missing and writes the rest', async () => {
    await appendMessages(server, 'alice', 'Later', [8, 9].map((i) => ({ raw: generateMessage(i) })));
    await harness.request('syncAccount', { accountId: account.id });
    await eventually(async () => {
      assert.ok((await harness.request('listFolders', { accountId: account.id })).some((folder) => folder.path === 'Later'));
    }, 30_000);
    await harness.request('setFolderSubscribed', { folderId: (await harness.folderByPath(account.id, 'Later')).id, subscribed: true });
    await harness.request('syncAccount', { accountId: account.id });
    await eventually(async () => {
      assert.equal((await harness.allMessages((await harness.folderByPath(account.id, 'Later')).id)).length, 2);
    }, 30_000);
    await server.stop();
    serverStopped = true;
    const offline = join(dir.path, 'offline');
    const report = await harness.request('exportAccount', { accountId: account.id, directory: offline });
    // The first export fetched (and so cached) every other message.
    assert.equal(report.messages, inbox.length + work.length);
    assert.equal(report.missing.length, 2, report.missing.join('\n'));
    assert.ok(report.missing.every((line) => line.includes('in Later')), report.missing.join('\n'));
    assert.equal(parseManifest(readFileSync(join(offline, 'MANIFEST'), 'utf8')).missing.length, 2);
  });
});
