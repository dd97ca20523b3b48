import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseQuery } from '../../../shared/search/parse-query.ts';
import { compileLocalQuery } from '../../search/compile-local-query.ts';
import { migrate } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { searchShortTermsAndFiltersMigration } from './017-search-short-terms-and-filters.ts';

function insertMessage(database: DatabaseSync, uid: number, subject: string, flags: { seen?: number; flagged?: number; keywords?: string } = {}): void {
  database
    .prepare(
      `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT max(id) FROM folders), ?, ?, 100, NULL, '[]', '[]', '[]', ?, 10, ?, ?, 0, 0, 0, ?, 0, NULL, 'headers')`,
    )
    .run(uid, 1000 + uid, subject, flags.seen ?? 1, flags.flagged ?? 0, flags.keywords ?? '[]');
}

// What the search finds for a query, through the compiled condition as the repository runs it.
function uidsFor(database: DatabaseSync, query: string): readonly number[] {
  const parsed = parseQuery(query);
  assert.ok(parsed.ok && parsed.query !== null);
  const condition = compileLocalQuery(parsed.query, { shortTermsByVocabulary: true });
  return database
    .prepare(`SELECT m.uid FROM messages m WHERE ${condition.sql} ORDER BY m.uid`)
    .all(...condition.params)
    .map((row) => Number(row.uid));
}

describe('migration 17: short spaceless terms through the trigram vocabulary, indexes for flag filters', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(database, allMigrations, 11);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'INBOX', 'Inbox', 1, 1);
    `);
    insertMessage(database, 1, '会議', { seen: 0 });
    insertMessage(database, 2, '東京の会議室', { flagged: 1 });
    insertMessage(database, 3, 'Quarterly summary', { keywords: '["$label1"]' });
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  // Migrations 12 to 16 belong to other parts of the store; this one touches only search's
  // tables and messages' indexes, so it is applied here on its own.
  function migrate17(): void {
    database.exec('BEGIN');
    searchShortTermsAndFiltersMigration.up(database);
    database.exec('COMMIT');
  }

  it('keeps every row and finds a two-character term at the end of a column, in the middle, and alone', () => {
    const before = ['messages', 'search_text'].map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    migrate17();
    assert.deepEqual(['messages', 'search_text'].map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()), before);
    assert.deepEqual(uidsFor(database, '会議'), [1, 2]);
    assert.deepEqual(uidsFor(database, '東京'), [2]);
    assert.deepEqual(uidsFor(database, '室'), [2]);
    assert.deepEqual(uidsFor(database, 'subject:議'), [1, 2]);
    assert.deepEqual(uidsFor(database, 'from:会議'), []);
    assert.deepEqual(uidsFor(database, '大阪'), []);
    assert.deepEqual(uidsFor(database, '会議室'), [2]);
  });

  it('follows inserts, updates and deletes', () => {
    migrate17();
    insertMessage(database, 4, '大阪');
    assert.deepEqual(uidsFor(database, '大阪'), [4]);
    database.prepare('UPDATE messages SET subject = ? WHERE uid = 4').run('Osaka');
    database.prepare('UPDATE messages SET subject = ? WHERE uid = 3').run('大阪支店');
    assert.deepEqual(uidsFor(database, '大阪'), [3]);
    database.exec('DELETE FROM messages WHERE uid IN (1, 3)');
    assert.deepEqual(uidsFor(database, '会議'), [2]);
    assert.deepEqual(uidsFor(database, '大阪'), []);
    // FTS5 was told to remove exactly what it was given: nothing left under a deleted row.
    assert.deepEqual(
      database.prepare("SELECT count(*) AS n FROM search_trigram_terms WHERE term >= '大阪' AND term < '大阪\u{10FFFF}'").get()?.n,
      0,
    );
  });

  it('serves flag and keyword filters from partial indexes, newest first', () => {
    migrate17();
    const plan = (where: string) =>
      database
        .prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM messages m WHERE ${where} ORDER BY m.date DESC, m.id DESC LIMIT 10`)
        .all()
        .map((row) => String(row.detail))
        .join(' | ');
    assert.match(plan('m.seen = 0'), /messages_unread_by_date/);
    assert.match(plan('m.flagged = 1'), /messages_flagged_by_date/);
    assert.match(plan('m.has_attachments = 1'), /messages_with_attachments_by_date/);
    assert.match(plan("m.keywords_json <> '[]'"), /messages_with_keywords_by_date/);
    assert.deepEqual(uidsFor(database, 'is:unread'), [1]);
    assert.deepEqual(uidsFor(database, 'is:flagged'), [2]);
    assert.deepEqual(uidsFor(database, 'keyword:important'), [3]);
  });
});
