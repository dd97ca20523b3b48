import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openStore, type Store } from './store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from './test-fixtures.ts';

describe('account repository', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  beforeEach(() => {
    dir = makeTempDir();
    store = openStore(dir.path);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('stores an account and reads it back as the domain type with a string id', async () => {
    const outgoing = { host: 'smtp.example.org', port: 587, security: 'starttls', username: 'alice' } as const;
    const account = await store.accounts.insert(sampleAccount({ outgoing }));
    assert.match(account.id, /^[0-9]+$/);
    // Besides Local Folders, which always exists (migration 7).
    assert.deepEqual((await store.accounts.list()).filter((listed) => listed.kind !== 'local'), [account]);
    assert.deepEqual(account.outgoing, outgoing);
    assert.equal(await store.accounts.getSecretReference(account.id), 'account-secret-1');
    assert.equal('secretReference' in account, false);
  });

  it('finds an account by its login ignoring the case of email and host', async () => {
    const account = await store.accounts.insert(sampleAccount());
    assert.deepEqual(await store.accounts.findByLogin('ALICE@example.org', 'IMAP.example.org', 'alice'), account);
    assert.equal(await store.accounts.findByLogin('alice@example.org', 'imap.example.org', 'bob'), null);
  });

  it('answers null for ids that name no account, including malformed ones', async () => {
    assert.equal(await store.accounts.get('12345'), null);
    assert.equal(await store.accounts.get('1; DROP TABLE accounts'), null);
    assert.equal(await store.accounts.get('-1'), null);
  });

  it('removes an account together with its folders and messages', async () => {
    const account = await store.accounts.insert(sampleAccount());
    const { folders } = await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 1, unseen: 1 },
    ]);
    const inbox = folders[0]!;
    await store.messages.upsertHeaders(inbox.id, [sampleHeader(1)]);
    assert.equal(await store.accounts.remove(account.id), true);
    assert.equal(await store.accounts.get(account.id), null);
    assert.equal(await store.folders.get(inbox.id), null);
    assert.equal(await store.messages.listPage(inbox.id, 0, 10), null);
    assert.equal(await store.accounts.remove(account.id), false);
  });
});
