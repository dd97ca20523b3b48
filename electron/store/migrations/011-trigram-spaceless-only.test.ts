import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { spacelessScript } from '../../search/compile-local-query.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { spacelessRanges } from './011-trigram-spaceless-only.ts';

function insertMessage(database: DatabaseSync, uid: number, subject: string): void {
  database
    .prepare(
      `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
        seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT max(id) FROM folders), ?, 100, 100, NULL, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`,
    )
    .run(uid, subject);
}

function trigramHits(database: DatabaseSync, term: string): readonly number[] {
  return database
    .prepare('SELECT rowid FROM search_trigrams WHERE search_trigrams MATCH ? ORDER BY rowid')
    .all(`"${term}"`)
    .map((row) => Number(row.rowid));
}

describe('migration 11: the trigram index holds only rows in spaceless scripts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(database, allMigrations, 10);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'INBOX', 'Inbox', 1, 1);
    `);
    insertMessage(database, 1, 'Quarterly summary');
    insertMessage(database, 2, '東京の会議室');
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('keeps every row, and re-indexes trigrams for the spaceless rows only', () => {
    const tables = ['messages', 'search_text'];
    const before = tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    assert.deepEqual(trigramHits(database, 'sum'), [1], 'version 10 indexed every row');
    migrate(database, allMigrations, 11);
    assert.equal(readSchemaVersion(database), 11);
    assert.deepEqual(tables.map((table) => database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()), before);
    assert.deepEqual(trigramHits(database, 'sum'), []);
    assert.deepEqual(trigramHits(database, '会議室'), [2]);
  });

  it('follows inserts, updates and deletes in and out of the spaceless scripts', () => {
    migrate(database, allMigrations, 11);
    insertMessage(database, 3, 'Latin only');
    insertMessage(database, 4, '서울 회의록');
    assert.deepEqual(trigramHits(database, 'tin'), []);
    assert.deepEqual(trigramHits(database, '회의록'), [4]);
    database.prepare('UPDATE messages SET subject = ? WHERE uid = 3').run('大阪の会議室');
    database.prepare('UPDATE messages SET subject = ? WHERE uid = 4').run('Seoul minutes');
    assert.deepEqual(trigramHits(database, '会議室'), [2, 3]);
    assert.deepEqual(trigramHits(database, '회의록'), []);
    database.exec('DELETE FROM messages WHERE uid IN (2, 4)');
    assert.deepEqual(trigramHits(database, '会議室'), [3]);
    // A supplementary-plane ideograph (U+20000) counts too.
    insertMessage(database, 5, 'Ext-B 𠀀𠀁𠀂');
    assert.deepEqual(trigramHits(database, '𠀀𠀁𠀂'), [5]);
  });

  it('covers every character the search sends to the trigram index', () => {
    const outside: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      if (!spacelessScript.test(String.fromCodePoint(codePoint))) continue;
      if (!spacelessRanges.some(([from, to]) => codePoint >= from && codePoint <= to)) outside.push(codePoint.toString(16));
    }
    assert.deepEqual(outside, []);
  });
});
