import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { parseQuery } from '../../../shared/search/parse-query.ts';
import { createSearchRepository } from '../../search/search-repository.ts';
import { createWordIndexer } from '../../search/word-index.ts';
import { migrate } from '../migrate.ts';
import { allMigrations } from './all-migrations.ts';
import { dateOrderedSearchRowidsMigration } from './021-date-ordered-search-rowids.ts';
import { answers, entries, store } from './search-migration-fixture.ts';

const version = dateOrderedSearchRowidsMigration.version;
const day = 86_400_000;

describe(`migration ${version}: full-text index rowids in date order`, () => {
  const opened: { remove(): void }[] = [];
  afterEach(() => {
    for (const one of opened.splice(0)) one.remove();
  });

  it('is one of the migrations the store runs', () => {
    assert.ok(allMigrations.includes(dateOrderedSearchRowidsMigration), 'all-migrations.ts lists migration 21');
  });

  it('keeps what both indexes hold, and every answer, only reordering the rows', async () => {
    const one = store(version - 1);
    opened.push(one);
    const { database } = one;
    const words = entries(database, 'search_words', false);
    const trigrams = entries(database, 'search_trigrams', false);
    const before = await answers(database);
    migrate(database, allMigrations, version);
    assert.deepEqual(entries(database, 'search_words', true), words);
    assert.deepEqual(entries(database, 'search_trigrams', true), trigrams);
    assert.ok(words.length > 50 && trigrams.length > 10);
    const after = await answers(database);
    assert.deepEqual(after, before);
    assert.deepEqual(after['budget -invoice date 0+100']?.ids.length, 1, 'the queries find something');
    // Each key is the day of the message's date above its id.
    for (const row of database.prepare('SELECT s.doc_key >> 32 AS day, s.doc_key & 4294967295 AS id, s.message_id, m.date FROM search_text s JOIN messages m ON m.id = s.message_id').all()) {
      assert.equal(Number(row.id), Number(row.message_id));
      assert.equal(Number(row.day), Math.trunc(Number(row.date) / day));
    }
  });

  it('indexes rows still waiting, changed dates and deletes under the new keys', async () => {
    const one = store(version - 1);
    opened.push(one);
    const { database } = one;
    migrate(database, allMigrations, version);
    const search = createSearchRepository(database);
    const ids = async (text: string) => {
      const parsed = parseQuery(text);
      assert.ok(parsed.ok && parsed.query !== null);
      return (await search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] })).items.map((item) => item.subject);
    };
    assert.deepEqual(await ids('pending'), [], 'its words wait for the indexer, as before the migration');
    createWordIndexer(database).indexPending();
    assert.deepEqual(await ids('pending'), ['Pending words']);
    database.prepare('UPDATE messages SET date = ? WHERE subject = ?').run(Date.UTC(2025, 0, 1), 'Budget');
    database.prepare('UPDATE messages SET date = ? WHERE subject = ?').run(Date.UTC(1960, 0, 1), '東京の会議');
    assert.deepEqual(await ids('budget'), ['Budget', 'Lunch']);
    assert.deepEqual(await ids('会議'), ['東京の会議']);
    database.prepare('DELETE FROM messages WHERE subject IN (?, ?)').run('Lunch', '東京の会議');
    assert.deepEqual(await ids('budget'), ['Budget']);
    assert.deepEqual(await ids('会議'), []);
    database.exec("INSERT INTO search_trigrams (search_trigrams) VALUES ('integrity-check')");
  });
});
