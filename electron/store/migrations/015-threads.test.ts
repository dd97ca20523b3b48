import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';

function rows(database: DatabaseSync, sql: string): readonly Record<string, unknown>[] {
  return database.prepare(sql).all().map((row) => ({ ...row }));
}

function insertMessage(database: DatabaseSync, uid: number, messageId: string, subject: string): void {
  database
    .prepare(
      `INSERT INTO messages (folder_id, uid, message_id, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject,
        size, seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT max(id) FROM folders), ?, ?, 100, 100, NULL, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`,
    )
    .run(uid, messageId, subject);
}

describe('migration 15: threads', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(database, allMigrations, 14);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'INBOX', 'Inbox', 1, 1);
    `);
    insertMessage(database, 1, '<a@x>', 'Lunch on Friday');
    insertMessage(database, 2, '<b@x>', 'Re: [team] Lunch on Friday');
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('keeps every message as it was, with base subjects and no thread yet', () => {
    const before = rows(database, 'SELECT * FROM messages ORDER BY id');
    migrate(database, allMigrations, 15);
    assert.equal(readSchemaVersion(database), 15);
    const after = rows(database, 'SELECT * FROM messages ORDER BY id');
    assert.deepEqual(
      after.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => column in (before[0] ?? {})))),
      before,
    );
    assert.deepEqual(
      rows(database, 'SELECT uid, in_reply_to, references_json, thread_subject, subject_only_reply, thread_id FROM messages ORDER BY uid'),
      [
        { uid: 1, in_reply_to: null, references_json: null, thread_subject: 'lunch on friday', subject_only_reply: 0, thread_id: null },
        { uid: 2, in_reply_to: null, references_json: null, thread_subject: 'lunch on friday', subject_only_reply: 1, thread_id: null },
      ],
    );
    assert.deepEqual(rows(database, 'SELECT count(*) AS n FROM threads'), [{ n: 0 }]);
  });

  it('removes an account\'s threads and keys with the account', () => {
    migrate(database, allMigrations, 15);
    database.exec(`
      INSERT INTO threads (account_id) VALUES ((SELECT max(id) FROM accounts));
      INSERT INTO thread_keys (account_id, message_key, thread_id) VALUES ((SELECT max(id) FROM accounts), 'a@x', 1);
      DELETE FROM accounts;
    `);
    assert.deepEqual(rows(database, 'SELECT (SELECT count(*) FROM threads) + (SELECT count(*) FROM thread_keys) AS n'), [{ n: 0 }]);
  });
});
