import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, it } from 'node:test';
import { createWordIndexer } from '../../search/word-index.ts';
import { migrate } from '../migrate.ts';
import { allMigrations } from './all-migrations.ts';
import { wordPrefixLengths, wordPrefixLengthsMigration } from './022-word-prefix-lengths.ts';
import { answers, entries, store } from './search-migration-fixture.ts';

const version = wordPrefixLengthsMigration.version;

// The prefix indexes FTS5 keeps for the word index, read from its own configuration.
function prefixLengths(database: DatabaseSync): string {
  const row = database.prepare("SELECT sql FROM sqlite_schema WHERE name = 'search_words'").get();
  return /prefix = '([\d ]+)'/.exec(String(row?.sql))?.[1] ?? '';
}

describe(`migration ${version}: word index prefix indexes of 2 to 12 characters`, () => {
  const opened: { remove(): void }[] = [];
  afterEach(() => {
    for (const one of opened.splice(0)) one.remove();
  });

  it('is one of the migrations the store runs', () => {
    assert.ok(allMigrations.includes(wordPrefixLengthsMigration));
  });

  it('keeps every entry and every answer, prefixes of each length included', async () => {
    const one = store(version - 1);
    opened.push(one);
    const { database } = one;
    assert.equal(prefixLengths(database), '2 3');
    const words = entries(database, 'search_words', true);
    const before = await answers(database);
    migrate(database, allMigrations, version);
    assert.equal(prefixLengths(database), wordPrefixLengths);
    assert.deepEqual(entries(database, 'search_words', true), words);
    assert.ok(words.length > 50);
    const after = await answers(database);
    assert.deepEqual(after, before);
    // Prefixes of 4, 8 and 12+ characters find what they found before (by FTS5's merge).
    for (const [query, subject] of [['invo', 'Invoice 42'], ['quarterl', 'Quarterly report'], ['résu', 'Résumé attached']] as const) {
      assert.ok((after[`${query} date 0+100`]?.total ?? 0) > 0, `${query} finds ${subject}`);
    }
    database.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
  });

  it('indexes rows still waiting, and deletes, in the rebuilt index', () => {
    const one = store(version - 1);
    opened.push(one);
    const { database } = one;
    migrate(database, allMigrations, version);
    const pending = () => Number(database.prepare("SELECT count(*) AS n FROM search_words WHERE search_words MATCH 'pendin*'").get()?.n);
    assert.equal(pending(), 0, 'its words wait for the indexer, as before the migration');
    createWordIndexer(database).indexPending();
    assert.equal(pending(), 1);
    database.prepare("DELETE FROM messages WHERE subject = 'Pending words'").run();
    assert.equal(pending(), 0);
    database.exec("INSERT INTO search_words (search_words) VALUES ('integrity-check')");
  });
});
