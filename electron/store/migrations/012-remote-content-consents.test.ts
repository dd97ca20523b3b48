import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createRemoteContentRepository } from '../../remote-content/remote-content-repository.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { remoteContentConsentsMigration } from './012-remote-content-consents.ts';

function insertMessage(database: DatabaseSync, uid: number): string {
  const result = database
    .prepare(
      `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT max(id) FROM folders), ?, 100, 100, NULL, '[]', '[]', '[]', 'News', 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`,
    )
    .run(uid);
  return String(result.lastInsertRowid);
}

describe('migration 012: remote content consents', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    migrate(database, allMigrations, 11);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'INBOX', 'Inbox', 1, 1);
    `);
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('keeps every row of a version 11 store and adds an empty table of consents', () => {
    insertMessage(database, 1);
    const tables = ['accounts', 'folders', 'messages'];
    const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    migrate(database, allMigrations, remoteContentConsentsMigration.version);
    assert.equal(readSchemaVersion(database), 12);
    assert.deepEqual(tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()), before);
    assert.deepEqual(database.prepare('SELECT * FROM remote_content_consents').all(), []);
  });

  it('remembers a choice per message, sender or domain, lists and revokes it, and forgets a deleted message', async () => {
    migrate(database, allMigrations, 12);
    const first = insertMessage(database, 1);
    const second = insertMessage(database, 2);
    const consents = createRemoteContentRepository(database);
    assert.equal(await consents.isAllowed(first, 'news@example.org'), false);

    await consents.grant({ scope: 'message', messageId: first, label: 'Autumn news' }, 5);
    await consents.grant({ scope: 'message', messageId: first, label: 'Autumn news' }, 6);
    assert.equal(await consents.isAllowed(first, 'news@example.org'), true);
    assert.equal(await consents.isAllowed(second, 'news@example.org'), false, 'one message only');

    await consents.grant({ scope: 'sender', value: 'News@Example.org' }, 7);
    assert.equal(await consents.isAllowed(second, 'NEWS@example.org'), true);
    assert.equal(await consents.isAllowed(second, 'other@example.org'), false);
    await consents.grant({ scope: 'domain', value: 'shop.example' }, 8);
    assert.equal(await consents.isAllowed(second, 'deals@shop.example'), true);
    assert.equal(await consents.isAllowed(second, 'x@evil-shop.example'), false, 'a domain is matched whole');
    assert.equal(await consents.isAllowed(second, null), false);

    const listed = await consents.list();
    assert.deepEqual(listed.map(({ scope, label, createdAt }) => ({ scope, label, createdAt })), [
      { scope: 'domain', label: 'shop.example', createdAt: 8 },
      { scope: 'message', label: 'Autumn news', createdAt: 5 },
      { scope: 'sender', label: 'news@example.org', createdAt: 7 },
    ]);
    const sender = listed.find((consent) => consent.scope === 'sender');
    assert.equal(await consents.revoke(sender?.id ?? ''), true);
    assert.equal(await consents.revoke(sender?.id ?? ''), false);
    assert.equal(await consents.isAllowed(second, 'news@example.org'), false);

    database.prepare('DELETE FROM messages WHERE id = ?').run(Number(first));
    assert.deepEqual((await consents.list()).map((consent) => consent.scope), ['domain']);
    assert.throws(() => { database.exec(`INSERT INTO remote_content_consents (scope, value, label, created_at) VALUES ('message', '', 'x', 1)`); });
    assert.throws(() => { database.exec(`INSERT INTO remote_content_consents (scope, value, label, created_at) VALUES ('sender', 'UPPER@x', 'x', 1)`); });
    assert.throws(() => { database.exec(`INSERT INTO remote_content_consents (scope, value, label, created_at) VALUES ('anyone', 'x', 'x', 1)`); });
  });
});
