import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, it } from 'node:test';
import { parseQuery } from '../../../shared/search/parse-query.ts';
import { createSearchRepository } from '../../search/search-repository.ts';
import { createWordIndexer } from '../../search/word-index.ts';
import { migrate, readSchemaVersion } from '../migrate.ts';
import { allMigrations } from './all-migrations.ts';
import { emptyStoreAt } from './search-migration-fixture.ts';
import { deferredTrigramIndexMigration } from './023-deferred-trigram-index.ts';

const version = deferredTrigramIndexMigration.version;
const migrations = allMigrations;

// Subject, sender name, body (null: never written). CJK and Hangul for the trigram index,
// Latin for rows it must not hold, a non-ASCII Latin one that passes the byte test only.
const rows: readonly (readonly [string, string, string | null])[] = [
  ['東京の会議', 'Tanaka', '会議室は三階です'],
  ['Quarterly report', 'Bob', 'The quarterly review is on Monday'],
  ['Résumé attached', 'Zoë Müller', null],
  ['Lunch', '田中', 'lunch at noon'],
  ['회의 일정', 'Kim', '예산 회의'],
  ['Budget', 'Ann', '予算の件'],
  ['未読のまま', 'Sato', null],
];
const queries = ['東京', '会議室', '会議', '田中', '회의', '예산', '予算', '未読', 'tanaka', 'quarterly', 'resume', 'budget'];

type Opened = { readonly database: DatabaseSync; remove(): void };

// Stores the rows at schema `upTo`, newest first with one of them dated before the others'
// day, as a first sync does; `catchUp` runs the indexers after each row, as a writer
// that does not defer them does.
function store(upTo: number, catchUp: boolean): Opened {
  const { database, dir } = emptyStoreAt(upTo, migrations);
  const insert = database.prepare(`INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json,
      reply_to_json, subject, size, seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
    VALUES ((SELECT max(id) FROM folders), ?, ?, 0, ?, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`);
  const writeBody = database.prepare('UPDATE search_text SET body = ?, body_indexed = 1 WHERE message_id = ?');
  const indexer = createWordIndexer(database);
  for (const [index, [subject, name, body]] of [...rows.entries()].reverse()) {
    const date = Date.UTC(2024, 2, 10) - index * 3_600_000 * 7;
    const id = Number(insert.run(index + 1, date, JSON.stringify({ name, address: 'x@example.org' }), subject).lastInsertRowid);
    if (catchUp) indexer.indexPending();
    if (body !== null) writeBody.run(body, id);
  }
  return {
    database,
    remove() {
      database.close();
      dir.remove();
    },
  };
}

// The trigram index's entries, read from the index itself: (term, key, column, offset).
function trigramEntries(database: DatabaseSync): readonly string[] {
  database.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.trigram_instances USING fts5vocab(main, 'search_trigrams', 'instance')");
  return database
    .prepare('SELECT term, doc, col, offset FROM temp.trigram_instances')
    .all()
    .map((row) => `${String(row.term)} ${Number(row.doc)} ${String(row.col)} ${Number(row.offset)}`)
    .sort();
}

async function subjects(database: DatabaseSync, text: string): Promise<readonly string[]> {
  const parsed = parseQuery(text);
  assert.ok(parsed.ok && parsed.query !== null, text);
  const page = await createSearchRepository(database).search({ query: parsed.query, sort: 'date', offset: 0, limit: 50, serverHits: [] });
  return page.items.map((item) => item.subject);
}

async function answers(database: DatabaseSync): Promise<Record<string, readonly string[]>> {
  const found: Record<string, readonly string[]> = {};
  for (const text of queries) found[text] = await subjects(database, text);
  return found;
}

function checkIntegrity(database: DatabaseSync): void {
  // FTS5 reports a corrupt index had it been told to delete what it never held.
  database.exec("INSERT INTO search_trigrams (search_trigrams) VALUES ('integrity-check')");
}

describe(`migration ${version}: the trigram index is written by its catch-up`, () => {
  const opened: Opened[] = [];
  afterEach(() => {
    for (const one of opened.splice(0)) one.remove();
  });

  it('migrates an existing store, keeping what the index holds and every answer', async () => {
    const one = store(version - 1, true);
    opened.push(one);
    const entries = trigramEntries(one.database);
    const before = await answers(one.database);
    migrate(one.database, migrations, version);
    assert.equal(readSchemaVersion(one.database), version);
    assert.deepEqual(trigramEntries(one.database), entries);
    assert.ok(entries.length > 40);
    assert.deepEqual(await answers(one.database), before);
    assert.deepEqual(before['会議'], ['東京の会議']);
    assert.equal(createWordIndexer(one.database).pendingCount(), 0);
    checkIntegrity(one.database);
  });

  it('holds after the catch-up exactly what the trigger wrote, and finds the same', async () => {
    const triggered = store(version - 1, true);
    const deferred = store(version, false);
    opened.push(triggered, deferred);
    const indexer = createWordIndexer(deferred.database);
    assert.deepEqual(trigramEntries(deferred.database), [], 'nothing before the catch-up');
    assert.equal(indexer.pendingCount(), rows.length);
    assert.equal(indexer.indexPending(3), 3, 'in chunks');
    assert.equal(indexer.indexPending(), rows.length - 3);
    assert.equal(indexer.indexPending(), 0);
    assert.equal(indexer.pendingCount(), 0);
    assert.deepEqual(trigramEntries(deferred.database), trigramEntries(triggered.database));
    const found = await answers(deferred.database);
    assert.deepEqual(found, await answers(triggered.database));
    assert.deepEqual(found['予算'], ['Budget']);
    assert.deepEqual(found['田中'], ['Lunch']);
    checkIntegrity(deferred.database);
  });

  it('changes and deletes a waiting row without telling the index, and an indexed one with it', async () => {
    const one = store(version, true);
    opened.push(one);
    const { database } = one;
    const indexer = createWordIndexer(database);
    const insert = database.prepare(`INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json,
        reply_to_json, subject, size, seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
      VALUES ((SELECT max(id) FROM folders), ?, ?, 0, NULL, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, NULL, 'headers')`);
    const waiting = Number(insert.run(100, Date.UTC(2024, 5, 1), '議事録の下書き').lastInsertRowid);
    assert.deepEqual(await subjects(database, '議事録'), [], 'not before the catch-up');
    database.prepare('UPDATE messages SET subject = ? WHERE id = ?').run('議事録の完成版', waiting);
    database.prepare('UPDATE messages SET date = ? WHERE id = ?').run(Date.UTC(2020, 0, 1), waiting);
    const doomed = Number(insert.run(101, Date.UTC(2024, 5, 2), '削除される').lastInsertRowid);
    database.prepare('DELETE FROM messages WHERE id = ?').run(doomed);
    checkIntegrity(database);
    indexer.indexPending();
    assert.deepEqual(await subjects(database, '下書き'), []);
    assert.deepEqual(await subjects(database, '完成版'), ['議事録の完成版']);
    assert.deepEqual(await subjects(database, '削除'), []);
    // Indexed now: its changes and its delete reach the index through the triggers.
    database.prepare('UPDATE messages SET subject = ? WHERE id = ?').run('議事録の改訂版', waiting);
    database.prepare('UPDATE messages SET date = ? WHERE id = ?').run(Date.UTC(2025, 0, 1), waiting);
    assert.deepEqual(await subjects(database, '完成版'), []);
    assert.deepEqual(await subjects(database, '改訂版'), ['議事録の改訂版']);
    database.prepare('UPDATE search_text SET body = ? WHERE message_id = ?').run('本文の予定表', waiting);
    assert.deepEqual(await subjects(database, '予定表'), ['議事録の改訂版']);
    database.prepare('DELETE FROM messages WHERE id = ?').run(waiting);
    assert.deepEqual(await subjects(database, '議事録'), []);
    checkIntegrity(database);
  });
});
