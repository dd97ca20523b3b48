import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { keywordsMigration } from './006-keywords.ts';
import { allMigrations } from './all-migrations.ts';

describe('migration 006: keywords', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  function rows(sql: string): unknown[] {
    return database.prepare(sql).all().map((row) => ({ ...row }));
  }

  it('keeps every row of a version 5 store, the queued actions among them, and adds the five common keywords', () => {
    migrate(database, allMigrations, 5);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
        VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3);
      INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
      VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '["$label1"]', 0, 'headers');
      INSERT INTO actions (account_id, kind, payload_json, created_at, attempts, last_error, next_attempt_at)
        VALUES (1, 'flags', '{"kind":"flags"}', 5, 2, 'down', 99), (1, 'move', '{"kind":"move"}', 6, 0, NULL, 0);
    `);
    const tables = ['accounts', 'folders', 'messages', 'actions', 'search_text'];
    const before = tables.map((table) => rows(`SELECT * FROM ${table} ORDER BY rowid`));
    migrate(database, allMigrations, keywordsMigration.version);
    assert.equal(readSchemaVersion(database), 6);
    assert.deepEqual(tables.map((table) => rows(`SELECT * FROM ${table} ORDER BY rowid`)), before);
    assert.deepEqual(rows('SELECT atom, label, colour, local_only, position FROM keywords ORDER BY position'), [
      { atom: '$label1', label: 'Important', colour: '#ff0000', local_only: 0, position: 1 },
      { atom: '$label2', label: 'Work', colour: '#ff9900', local_only: 0, position: 2 },
      { atom: '$label3', label: 'Personal', colour: '#009900', local_only: 0, position: 3 },
      { atom: '$label4', label: 'To Do', colour: '#3333ff', local_only: 0, position: 4 },
      { atom: '$label5', label: 'Later', colour: '#993399', local_only: 0, position: 5 },
    ]);
    // The queue takes the new kinds, still refuses unknown ones, and still follows its account.
    database.exec(`INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (1, 'keywords', '{}', 7), (1, 'copy', '{}', 8)`);
    assert.throws(() => {
      database.exec(`INSERT INTO actions (account_id, kind, payload_json, created_at) VALUES (1, 'bogus', '{}', 9)`);
    });
    assert.throws(() => {
      database.exec(`INSERT INTO keywords (atom, label, position, created_at) VALUES ('$LABEL1', 'again', 9, 0)`);
    });
    database.exec('DELETE FROM accounts');
    assert.deepEqual(rows('SELECT * FROM actions'), []);
  });

  it('puts a local-only keyword back when sync rewrites the message’s keywords', () => {
    migrate(database, allMigrations, 6);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES (1, 'INBOX', 'Inbox', 1, 1);
      INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
      VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '["Mine","$label1"]', 0, 'headers');
      INSERT INTO local_keywords (message_id, atom) VALUES (1, 'Mine');
    `);
    database.exec(`UPDATE messages SET keywords_json = '["$label2"]' WHERE id = 1`);
    assert.deepEqual(rows('SELECT keywords_json FROM messages'), [{ keywords_json: '["$label2","Mine"]' }]);
    database.exec(`UPDATE messages SET keywords_json = '["mine"]' WHERE id = 1`);
    assert.deepEqual(rows('SELECT keywords_json FROM messages'), [{ keywords_json: '["mine"]' }]);
    database.exec('DELETE FROM messages');
    assert.deepEqual(rows('SELECT * FROM local_keywords'), []);
  });
});
