import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createWordIndexer } from '../../search/word-index.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import { allMigrations } from './all-migrations.ts';
import { deferredWordIndexMigration } from './018-deferred-word-index.ts';

const version = deferredWordIndexMigration.version;

function insertMessage(database: DatabaseSync, uid: number, subject: string): number {
  return Number(
    database
      .prepare(
        `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
          seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
        VALUES ((SELECT max(id) FROM folders), ?, 100, 100, NULL, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`,
      )
      .run(uid, subject).lastInsertRowid,
  );
}

function hits(database: DatabaseSync, query: string): readonly number[] {
  return database
    .prepare('SELECT rowid FROM search_words WHERE search_words MATCH ? ORDER BY rowid')
    .all(query)
    .map((row) => Number(row.rowid));
}

describe(`migration ${version}: the word index is written by its indexer`, () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = new DatabaseSync(join(dir.path, databaseFileName));
    migrate(database, allMigrations, version - 1);
    database.exec(`
      INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
        secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
      INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'Words', 'Words', 1, 1);
    `);
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  it('keeps what was indexed before, and indexes new rows only when the indexer runs', () => {
    const old = insertMessage(database, 1, 'Quarterly figures');
    migrate(database, allMigrations, version);
    assert.equal(readSchemaVersion(database), version);
    assert.deepEqual(hits(database, 'quarterly'), [old]);
    const indexer = createWordIndexer(database);
    assert.equal(indexer.pendingCount(), 0);

    const fresh = insertMessage(database, 2, 'Quarterly outlook');
    assert.deepEqual(hits(database, 'outlook'), [], 'not before the indexer runs');
    assert.equal(indexer.pendingCount(), 1);
    assert.equal(indexer.indexPending(), 1);
    assert.deepEqual(hits(database, 'outlook'), [fresh]);
    assert.deepEqual(hits(database, 'quarterly'), [old, fresh]);
    assert.equal(indexer.indexPending(), 0);
  });

  it('indexes in chunks, oldest first', () => {
    migrate(database, allMigrations, version);
    const ids = Array.from({ length: 5 }, (_, index) => insertMessage(database, index + 1, `Chunk ${index}`));
    const indexer = createWordIndexer(database);
    assert.equal(indexer.indexPending(2), 2);
    assert.deepEqual(hits(database, 'chunk'), ids.slice(0, 2));
    assert.equal(indexer.indexPending(), 3);
    assert.deepEqual(hits(database, 'chunk'), ids);
  });

  it('changes and deletes a waiting row without telling the index, and an indexed one with it', () => {
    migrate(database, allMigrations, version);
    const waiting = insertMessage(database, 1, 'Draft agenda');
    database.prepare('UPDATE messages SET subject = ? WHERE id = ?').run('Final agenda', waiting);
    const indexer = createWordIndexer(database);
    indexer.indexPending();
    assert.deepEqual(hits(database, 'draft'), []);
    assert.deepEqual(hits(database, 'final'), [waiting]);
    database.prepare('UPDATE messages SET subject = ? WHERE id = ?').run('Revised agenda', waiting);
    assert.deepEqual(hits(database, 'final'), []);
    assert.deepEqual(hits(database, 'revised'), [waiting]);

    const doomed = insertMessage(database, 2, 'Never indexed');
    database.prepare('DELETE FROM messages WHERE id = ?').run(doomed);
    database.prepare('DELETE FROM messages WHERE id = ?').run(waiting);
    assert.deepEqual(hits(database, 'agenda'), []);
    // FTS5 would report a corrupt index had it been told to delete a row it never held.
    database.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
  });
});
