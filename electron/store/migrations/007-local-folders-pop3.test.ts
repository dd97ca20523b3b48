import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { localFoldersPop3Migration } from './007-local-folders-pop3.ts';
import { allMigrations } from './all-migrations.ts';

describe('migration 007: local folders and POP3 ledger', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 6 store, adds Local Folders with Inbox and Trash, and empty ledgers', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName), { enableForeignKeyConstraints: true });
    try {
      migrate(database, allMigrations, 6);
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
          VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3);
        INSERT INTO messages (folder_id, uid, date, internal_date, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_state)
        VALUES (1, 1, 100, 100, '[]', '[]', '[]', 'first', 10, 1, 0, 0, 0, 0, '[]', 0, 'headers');
      `);
      const tables = ['messages'];
      const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
      const accountsBefore = database.prepare('SELECT * FROM accounts ORDER BY id').all();
      const foldersBefore = database.prepare('SELECT * FROM folders ORDER BY id').all();
      migrate(database, allMigrations, localFoldersPop3Migration.version);
      assert.equal(readSchemaVersion(database), 7);
      assert.deepEqual(tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY id`).all()), before);

      const accounts = database.prepare('SELECT * FROM accounts ORDER BY id').all();
      assert.deepEqual(accounts.slice(0, 1), accountsBefore);
      assert.equal(accounts.length, 2);
      assert.deepEqual(
        { ...accounts[1], created_at: 0 },
        {
          id: 2, kind: 'local', name: 'Local Folders', email: '', incoming_host: '', incoming_port: 0, incoming_security: 'none',
          incoming_username: '', outgoing_host: null, outgoing_port: null, outgoing_security: null, outgoing_username: null,
          secret_reference: '', created_at: 0,
        },
      );
      const folders = database.prepare('SELECT * FROM folders ORDER BY id').all();
      assert.deepEqual(folders.slice(0, 1), foldersBefore);
      assert.deepEqual(
        folders.slice(1).map((row) => [row.account_id, row.path, row.name, row.role, row.uid_validity, row.uid_next, row.selectable]),
        [
          [2, 'INBOX', 'Inbox', 'inbox', 1, 1, 1],
          [2, 'Trash', 'Trash', 'trash', 1, 1, 1],
        ],
      );
      for (const table of ['local_files', 'pop3_settings', 'pop3_ledger']) {
        assert.deepEqual(database.prepare(`SELECT * FROM ${table}`).all(), [], table);
      }
      database.exec(`
        INSERT INTO pop3_settings (account_id) VALUES (1);
        INSERT INTO pop3_ledger (account_id, uidl, downloaded_at, message_ref, body_state, size) VALUES (1, 'u1', 5, 1, 'full', 10);
        INSERT INTO local_files (base_name, folder_id, uid, message_ref, file_name) VALUES ('b', 2, 1, 1, 'b:2,');
      `);
      assert.deepEqual(
        { ...database.prepare('SELECT * FROM pop3_settings').get() },
        { account_id: 1, leave_on_server: 1, delete_after_days: null, delete_when_deleted_here: 0, max_message_bytes: null, check_interval_seconds: 600, target_folder_id: null },
      );
      assert.throws(() => {
        database.exec(`INSERT INTO pop3_ledger (account_id, uidl, downloaded_at, body_state, size) VALUES (1, 'u1', 6, 'full', 1)`);
      }, /UNIQUE/);
      // Removing the POP3 account removes its ledger and settings; a local folder takes its files' rows.
      database.exec('DELETE FROM accounts WHERE id = 1');
      assert.deepEqual(database.prepare('SELECT * FROM pop3_ledger').all(), []);
      assert.deepEqual(database.prepare('SELECT * FROM pop3_settings').all(), []);
      database.exec('DELETE FROM folders WHERE id = 2');
      assert.deepEqual(database.prepare('SELECT * FROM local_files').all(), []);
    } finally {
      database.close();
    }
  });
});
