// Keywords and folder management against a real Dovecot, with a second client standing in
// for another device. The folder "NoKeywords" is denied the ACL "w" right (RFC 4314), so
// Dovecot answers its SELECT with PERMANENTFLAGS (\Deleted \Seen): no \*, no keywords.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account, MessageSummary } from '../../shared/domain.ts';
import { keywordChips } from '../../shared/keywords/keyword-chips.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../servers/seed.ts';
import { addAliceAccount, eventually, serverLines, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

describe('keywords and folders against Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;

  before(async () => {
    server = await startDovecot({
      extraConfig: ['mail_plugins = $mail_plugins acl', 'plugin {\n  acl = vfile:{dir}/global-acl\n}'],
    });
    writeFileSync(`${server.dir}/global-acl`, 'NoKeywords owner lrstipekxa\n', { mode: 0o644 });
    const messages = (from: number) =>
      Array.from({ length: 3 }, (_, index) => ({ raw: generateMessage(from + index), internalDate: seedDate(from + index) }));
    await appendMessages(server, 'alice', 'INBOX', messages(1));
    await appendMessages(server, 'alice', 'NoKeywords', messages(10));
    other = await connectAs(server, 'alice');
    await other.mailboxSubscribe('NoKeywords');
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
  });

  after(async () => {
    await harness.close();
    await other.logout();
    await server.stop();
    dataDir.remove();
  });

  async function messages(path: string): Promise<readonly MessageSummary[]> {
    const folder = await harness.folderByPath(account.id, path);
    return [...(await harness.allMessages(folder.id))].sort((a, b) => a.uid - b.uid);
  }

  async function queueEmpty(): Promise<void> {
    await eventually(async () => {
      assert.equal((await harness.request('getPendingActions', {})).count, 0);
    }, 20_000);
  }

  // The keywords another device sees on each message of `path`, by UID.
  async function serverKeywords(path: string): Promise<readonly string[]> {
    await other.mailboxClose().catch(() => undefined);
    return (await serverLines(other, path)).map((line) => line.replace(/^(\d+) \[[^\]]*\] /, '$1 '));
  }

  it('sets a keyword with spaces and an emoji that another client sees under the same atom, label kept here', async () => {
    const keyword = await harness.request('createKeyword', { label: 'Q3 plans 🎉', colour: '#3366ff' });
    assert.match(keyword.atom, /^Q3_plans_[0-9a-f]{8}$/);
    const [first, second] = await messages('INBOX');
    assert.ok(first && second);
    await harness.request('setKeywords', { messageIds: [first.id, second.id], add: [keyword.atom], remove: [] });
    await queueEmpty();
    assert.deepEqual(await serverKeywords('INBOX'), [`${first.uid} [${keyword.atom}]`, `${second.uid} [${keyword.atom}]`, `${first.uid + 2} []`]);
    const listed = (await harness.request('listKeywords', {})).find((candidate) => candidate.atom === keyword.atom);
    assert.deepEqual(listed, { atom: keyword.atom, label: 'Q3 plans 🎉', colour: '#3366ff', localOnly: false, defined: true });
  });

  it('shows keywords another client set: unknown ones by name, Evolution’s as the common labels', async () => {
    const [, , third] = await messages('INBOX');
    assert.ok(third);
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageFlagsAdd(String(third.uid), ['ClientTag', '$Labelwork'], { uid: true });
    } finally {
      lock.release();
    }
    await harness.request('syncAccount', { accountId: account.id });
    const synced = (await messages('INBOX')).find((message) => message.id === third.id);
    const keywords = await harness.request('listKeywords', {});
    assert.deepEqual(
      keywordChips(synced?.keywords ?? [], keywords).map((chip) => chip.label),
      ['Work', 'ClientTag'],
    );
    assert.ok(keywords.some((candidate) => candidate.atom === 'ClientTag' && !candidate.defined));
    // Taking "Work" off removes Evolution's spelling on the server too.
    await harness.request('setKeywords', { messageIds: [third.id], add: [], remove: ['$label2'] });
    await queueEmpty();
    assert.deepEqual((await serverKeywords('INBOX'))[2], `${third.uid} [ClientTag]`);
  });

  it('renames a keyword on the server for every message carrying it, and deletes one from them', async () => {
    const keyword = (await harness.request('listKeywords', {})).find((candidate) => candidate.label === 'Q3 plans 🎉');
    assert.ok(keyword);
    const renamed = await harness.request('updateKeyword', { atom: keyword.atom, label: 'Q4' });
    assert.equal(renamed.atom, 'Q4');
    await queueEmpty();
    const [first, second] = await messages('INBOX');
    assert.ok(first && second);
    assert.deepEqual((await serverKeywords('INBOX')).slice(0, 2), [`${first.uid} [Q4]`, `${second.uid} [Q4]`]);
    await harness.request('deleteKeyword', { atom: 'Q4' });
    await queueEmpty();
    assert.deepEqual((await serverKeywords('INBOX')).slice(0, 2), [`${first.uid} []`, `${second.uid} []`]);
    assert.ok(!(await harness.request('listKeywords', {})).some((candidate) => candidate.atom === 'Q4'));
  });

  it('keeps a keyword locally, and says so, where PERMANENTFLAGS lacks \\*', async () => {
    const keyword = await harness.request('createKeyword', { label: 'Private', colour: '#00aa00' });
    const [message] = await messages('NoKeywords');
    assert.ok(message);
    await harness.request('setKeywords', { messageIds: [message.id], add: [keyword.atom], remove: [] });
    await queueEmpty();
    assert.deepEqual((await serverKeywords('NoKeywords'))[0], `${message.uid} []`);
    const listed = (await harness.request('listKeywords', {})).find((candidate) => candidate.atom === keyword.atom);
    assert.equal(listed?.localOnly, true);
    // A resync rewrites the message's keywords with the server's; the local one stays.
    await harness.request('syncAccount', { accountId: account.id });
    const folder = await harness.folderByPath(account.id, 'NoKeywords');
    await harness.request('syncFolder', { folderId: folder.id });
    assert.deepEqual((await messages('NoKeywords'))[0]?.keywords, ['Private']);
    // Removing it here removes it for good.
    await harness.request('setKeywords', { messageIds: [message.id], add: [], remove: [keyword.atom] });
    await queueEmpty();
    await harness.request('syncFolder', { folderId: folder.id });
    assert.deepEqual((await messages('NoKeywords'))[0]?.keywords, []);
  });

  const names = ['Проекты', '東京の会議', 'Tom & Jerry', 'R&D 研究'];

  it('creates folders named in Cyrillic, CJK and with "&" that another client lists by the same names', async () => {
    for (const name of names) await harness.request('createFolder', { accountId: account.id, parentFolderId: null, name });
    const parent = await harness.folderByPath(account.id, 'Проекты');
    await harness.request('createFolder', { accountId: account.id, parentFolderId: parent.id, name: 'Подпапка' });
    const listed = (await other.list()).map((entry) => entry.path);
    for (const path of [...names, 'Проекты/Подпапка']) assert.ok(listed.includes(path), `${path} in ${listed.join(', ')}`);
    const stored = (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.path);
    for (const path of [...names, 'Проекты/Подпапка']) assert.ok(stored.includes(path), path);
    // On the wire and on Dovecot's disk the names are modified UTF-7 (RFC 3501 5.1.3): "&" is "&-".
    const onDisk = readdirSync(server.maildir('alice'));
    assert.ok(onDisk.includes('.Tom &- Jerry'), onDisk.join(', '));
    assert.ok(onDisk.includes('.&BB8EQAQ+BDUEOgRCBEs-'), onDisk.join(', '));
    assert.ok(onDisk.every((entry) => /^[\x20-\x7e]+$/.test(entry)), 'every stored name is ASCII');
  });

  it('lists folders another client made with such names, and renames, unsubscribes and deletes them', async () => {
    await other.mailboxCreate('Ünïcode & 日本');
    await harness.request('syncAccount', { accountId: account.id });
    const made = await harness.folderByPath(account.id, 'Ünïcode & 日本');
    assert.equal(made.name, 'Ünïcode & 日本');
    await harness.request('renameFolder', { folderId: made.id, name: 'Переименовано & 名前' });
    let listed = await other.list();
    assert.ok(listed.some((entry) => entry.path === 'Переименовано & 名前'));
    assert.ok(!listed.some((entry) => entry.path === 'Ünïcode & 日本'));
    const renamed = await harness.folderByPath(account.id, 'Переименовано & 名前');
    assert.equal(renamed.id, made.id, 'the cached folder is kept under its new name');
    await harness.request('setFolderSubscribed', { folderId: renamed.id, subscribed: false });
    assert.equal((await harness.folderByPath(account.id, 'Переименовано & 名前')).subscribed, false);
    listed = await other.list();
    assert.equal(listed.find((entry) => entry.path === 'Переименовано & 名前')?.subscribed, undefined);
    await harness.request('setFolderSubscribed', { folderId: renamed.id, subscribed: true });
    assert.equal((await harness.folderByPath(account.id, 'Переименовано & 名前')).subscribed, true);
    await harness.request('deleteFolder', { folderId: renamed.id });
    assert.ok(!(await other.list()).some((entry) => entry.path === 'Переименовано & 名前'));
    assert.ok(!(await harness.request('listFolders', { accountId: account.id })).some((folder) => folder.id === renamed.id));
  });

  it('refuses a name containing the server’s delimiter, saying why', async () => {
    const result = await harness.service.dispatch('createFolder', { accountId: account.id, parentFolderId: null, name: 'a/b' });
    assert.ok(!result.ok);
    assert.match(result.error.message, /cannot contain "\/"/);
  });

  it('copies messages to another folder, leaving them where they were', async () => {
    const [first] = await messages('INBOX');
    assert.ok(first);
    const target = await harness.folderByPath(account.id, 'Tom & Jerry');
    await harness.request('copyMessages', { messageIds: [first.id], targetFolderId: target.id });
    await queueEmpty();
    assert.equal((await serverLines(other, 'Tom & Jerry')).length, 1);
    assert.equal((await messages('INBOX')).length, 3);
    await harness.request('syncFolder', { folderId: target.id });
    assert.equal((await messages('Tom & Jerry'))[0]?.subject, first.subject);
  });
});
