import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName, openDatabase } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { createWordIndexer } from '../../search/word-index.ts';

describe('migration 5: search index', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps every row of a version 4 store and indexes the messages it already had', () => {
    const old = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(old, allMigrations, 4);
    old.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable, uid_validity, uid_next)
        VALUES (1, 'INBOX', 'Inbox', 1, 1, 7, 3);
      INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES (1, 1, 100, 100, '{"name":"Zoë","address":"zoe@example.org"}', '[{"name":"","address":"a@example.org"}]', '[]', '[]',
              'Résumé', 10, 1, 0, 0, 0, 0, '[]', 0, NULL, 'full'),
             (1, 2, 200, 200, NULL, '[]', '[]', '[]', 'second', 20, 0, 1, 0, 0, 0, '[]', 1,
              '{"type":"multipart/mixed","childNodes":[{"type":"text/plain"},{"type":"image/png","parameters":{"name":"photo.png"}}]}', 'headers');
      INSERT INTO message_sources (message_id, source, stored_at) VALUES (1, x'53756266', 5);
    `);
    const tables = ['accounts', 'folders', 'messages', 'message_sources'];
    const before = tables.map((table) => old.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    old.close();

    // Migration 5 itself: later ones (11 narrows the trigram index) have tests of their own.
    const migrated = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(migrated, allMigrations, 5);
    try {
      assert.equal(readSchemaVersion(migrated), 5);
      const after = tables.map((table) => migrated.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
      assert.deepEqual(after, before);
      assert.deepEqual(
        migrated.prepare('SELECT message_id, subject, from_text, to_text, cc_text, body, filenames, body_indexed FROM search_text ORDER BY message_id').all().map((row) => ({ ...row })),
        [
          { message_id: 1, subject: 'Résumé', from_text: 'Zoë zoe@example.org', to_text: 'a@example.org', cc_text: '', body: '', filenames: '', body_indexed: 0 },
          { message_id: 2, subject: 'second', from_text: '', to_text: '', cc_text: '', body: '', filenames: 'photo.png', body_indexed: 0 },
        ],
      );
      const found = migrated.prepare("SELECT rowid FROM search_words WHERE search_words MATCH 'resume'").all();
      assert.deepEqual(found.map((row) => row.rowid), [1]);
      const trigram = migrated.prepare("SELECT rowid FROM search_trigrams WHERE search_trigrams MATCH 'photo'").all();
      assert.deepEqual(trigram.map((row) => row.rowid), [2]);
      assert.equal(migrated.prepare('SELECT COUNT(*) AS n FROM saved_searches').get()?.n, 0);
    } finally {
      migrated.close();
    }
  });

  it('does not let text it cannot read stop a message from being stored', () => {
    const database = openDatabase(dir.path);
    try {
      database.exec(`
        INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
          secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
        INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'INBOX', 'Inbox', 1, 1);
        INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
        VALUES ((SELECT max(id) FROM folders), 1, 100, 100, 'not json', 'nor this', '[]', '[]', 'still here', 10, 1, 0, 0, 0, 0, '[]', 0, '{broken', 'headers');
      `);
      // Since migration 18 the word index takes new rows when its indexer runs.
      createWordIndexer(database).indexPending();
      assert.equal(database.prepare("SELECT rowid FROM search_words WHERE search_words MATCH 'still'").all().length, 1);
    } finally {
      database.close();
    }
  });
});
