import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { cheapAddressTextMigration } from './016-cheap-address-text.ts';

const version = cheapAddressTextMigration.version;

// from_json, to_json, cc_json as sync and Local Folders write them, and some they never would.
const addressCases: readonly (readonly [string | null, string, string])[] = [
  ['{"name":"Zoë Ångström","address":"zoe@example.org"}', '[{"name":"","address":"a@example.org"}]', '[]'],
  ['{"name":"田中 太郎","address":"tanaka@example.jp"}', '[{"name":"Bob \\"the builder\\" O\'Neil","address":"bob@example.com"},{"name":"Carol","address":"carol@example.net"}]', '[{"name":"Dave","address":"d.ave+tag@sub.example.org"}]'],
  [null, '[]', '[{"name":"name address","address":"x@example.org"}]'],
  ['not json', '[{"address":"only@example.org"}]', '{broken'],
];

function insertMessages(database: DatabaseSync, folderId: number): readonly number[] {
  const insert = database.prepare(`
    INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
      seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
    VALUES (?, ?, 100, 100, ?, ?, ?, '[]', 'Subject', 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`);
  return addressCases.map(([from, to, cc], index) => Number(insert.run(folderId, index + 1, from, to, cc).lastInsertRowid));
}

function isJson(text: string | null): boolean {
  if (text === null) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// The words the search index keeps for a text, in order.
function tokens(database: DatabaseSync, text: string): readonly string[] {
  database.exec('DELETE FROM temp.scratch');
  database.prepare('INSERT INTO temp.scratch (rowid, x) VALUES (1, ?)').run(text);
  return database.prepare('SELECT term FROM temp.scratch_words ORDER BY offset').all().map((row) => String(row.term));
}

describe(`migration ${version}: address text for search without parsing JSON`, () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  let folders: readonly [number, number];
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(database, allMigrations, version - 1);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      CREATE VIRTUAL TABLE temp.scratch USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE temp.scratch_words USING fts5vocab('temp', 'scratch', 'instance');
    `);
    const addFolder = database.prepare('INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), ?, ?, 1, 1)');
    folders = [Number(addFolder.run('Before', 'Before').lastInsertRowid), Number(addFolder.run('After', 'After').lastInsertRowid)];
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('indexes the same words, in the same order, as the parsed text did, and keeps the rows indexed before', () => {
    const before = insertMessages(database, folders[0]);
    const textOf = (id: number) => database.prepare('SELECT from_text, to_text, cc_text FROM search_text WHERE message_id = ?').get(id);
    const oldTexts = before.map(textOf);
    migrate(database, allMigrations, version);
    assert.equal(readSchemaVersion(database), version);
    assert.deepEqual(before.map(textOf), oldTexts, 'rows indexed before are left as they were');
    const after = insertMessages(database, folders[1]);
    let compared = 0;
    for (const [index, id] of after.entries()) {
      const newText = textOf(id);
      for (const [position, column] of ['from_text', 'to_text', 'cc_text'].entries()) {
        const source = addressCases[index]?.[position] ?? null;
        // Migration 5 indexed nothing for text that was not JSON; now it is indexed as it is.
        const expected = isJson(source) ? String(oldTexts[index]?.[column]) : (source ?? '');
        assert.deepEqual(tokens(database, String(newText?.[column])), tokens(database, expected), `${column} of case ${index}`);
        compared += 1;
      }
    }
    assert.equal(compared, addressCases.length * 3);
  });

  it('finds messages by name, address and phrase in the address columns, and follows changes', () => {
    migrate(database, allMigrations, version);
    const [zoe, tanaka] = insertMessages(database, folders[0]);
    const match = (query: string) =>
      database.prepare('SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rowid').all(query).map((row) => Number(row.rowid));
    assert.deepEqual(match('from_text : angstrom'), [zoe]);
    assert.deepEqual(match('to_text : "bob the builder"'), [tanaka]);
    assert.deepEqual(match('cc_text : "d.ave+tag@sub.example.org"'), [tanaka]);
    assert.deepEqual(match('from_text : name'), [], 'the JSON key names are not indexed');
    database.prepare(`UPDATE messages SET from_json = '{"name":"Yolanda","address":"y@example.org"}' WHERE id = ?`).run(zoe ?? 0);
    assert.deepEqual(match('from_text : angstrom'), []);
    assert.deepEqual(match('from_text : yolanda'), [zoe]);
  });
});
