import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings.ts';
import { databaseFileName } from '../store/open-database.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount } from '../store/test-fixtures.ts';

describe('settings in the store', () => {
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

  it('gives the defaults until the user chooses, then what was chosen, across a reopen', async () => {
    assert.deepEqual(await store.settings.get(), DEFAULT_SETTINGS);
    await store.settings.setTheme('dark');
    await store.settings.setNotifications({ enabled: false, content: 'private', mutedAccountIds: ['7'] });
    await store.settings.setConversationView(false);
    await store.settings.setPaneWidths({ folders: 300, list: 512 });
    store.close();
    store = openStore(dir.path);
    assert.deepEqual(await store.settings.get(), {
      theme: 'dark',
      notifications: { enabled: false, content: 'private', mutedAccountIds: ['7'] },
      conversationView: false,
      paneWidths: { folders: 300, list: 512 },
    });
  });

  it('falls back to the defaults when a stored value cannot be read', async () => {
    await store.settings.setTheme('light');
    // Written by a later version, or by hand: never a reason to fail start.
    const raw = new DatabaseSync(join(dir.path, databaseFileName));
    raw.prepare("UPDATE sync_settings SET value = 'sepia' WHERE key = 'theme'").run();
    raw.prepare("INSERT INTO sync_settings (key, value) VALUES ('notifications', '{not json')").run();
    raw.prepare(`INSERT INTO sync_settings (key, value) VALUES ('pane-widths', '{"folders":5,"list":400}')`).run();
    raw.close();
    assert.deepEqual(await store.settings.get(), DEFAULT_SETTINGS);
  });

  it('renames an account and changes its servers in place, keeping its folders', async () => {
    const account = await store.accounts.insert(sampleAccount());
    await store.folders.replaceFromServer(account.id, [
      { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
    ]);
    const outgoing = { host: 'smtp.example.org', port: 587, security: 'starttls', username: 'alice' } as const;
    assert.equal(await store.accountUpdates.update(account.id, { name: 'Work', incoming: { ...account.incoming, port: 143, security: 'starttls' }, outgoing }), true);
    const updated = await store.accounts.get(account.id);
    assert.ok(updated);
    assert.equal(updated.name, 'Work');
    assert.deepEqual(updated.incoming, { host: 'imap.example.org', port: 143, security: 'starttls', username: 'alice' });
    assert.deepEqual(updated.outgoing, outgoing);
    assert.equal((await store.folders.listByAccount(account.id)).length, 1);
    assert.equal(await store.accounts.getSecretReference(account.id), 'account-secret-1');
    assert.equal(await store.accountUpdates.update('999', { name: 'x', incoming: account.incoming, outgoing: null }), false);
  });
});
