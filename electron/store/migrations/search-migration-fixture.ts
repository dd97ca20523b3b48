// A small store for the full-text index migrations' tests (021, 022): rows stored as a
// first sync stores them, what each index holds read from the index itself, and the
// answers of queries over every operator the indexes serve, to compare before and after.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseQuery } from '../../../shared/search/parse-query.ts';
import type { SearchSort } from '../../../shared/search/search-types.ts';
import { createSearchRepository } from '../../search/search-repository.ts';
import { createWordIndexer } from '../../search/word-index.ts';
import { migrate } from '../migrate.ts';
import { databaseFileName } from '../open-database.ts';
import { makeTempDir } from '../test-fixtures.ts';
import type { Migration } from '../migration.ts';
import { allMigrations } from './all-migrations.ts';
import { messageIdMask } from './021-date-ordered-search-rowids.ts';

const attachment = JSON.stringify({
  type: 'multipart/mixed',
  childNodes: [{ type: 'application/pdf', parameters: { name: 'Rechnung März.pdf' }, dispositionParameters: { filename: 'Rechnung März.pdf' } }],
});

// Subject, sender, date, body (null: the body is never written), seen. Stored last row
// first, so ids run against the dates for most rows; several share a day, one is before
// 1970; the first row's words are still waiting for the indexer when the migration runs.
const rows: readonly (readonly [string, string, number, string | null, number])[] = [
  ['Pending words', 'Dave', Date.UTC(2024, 2, 1), null, 0],
  ['Quarterly report', 'Bob', Date.UTC(2024, 2, 3, 9), 'The quarterly review is on Monday', 0],
  ['Résumé attached', 'Zoë Müller', Date.UTC(2024, 2, 3, 8), 'Please find my résumé', 1],
  ['東京の会議', 'Tanaka', Date.UTC(2024, 2, 3, 8), '会議室は三階です', 0],
  ['Lunch', '田中', Date.UTC(2024, 2, 2), 'lunch at noon, budget approved', 1],
  ['Budget', 'Ann', Date.UTC(2023, 11, 31, 23, 59), 'the budget and the invoice', 0],
  ['Invoice 42', 'Carol', Date.UTC(1969, 6, 20), 'invoice for the garden', 1],
  ['회의 일정', 'Kim', Date.UTC(2024, 1, 29), '예산 회의', 0],
];

// A store file at schema `upTo` (of `migrations`) with one account and one folder, for rows to be added.
export function emptyStoreAt(upTo: number, migrations: readonly Migration[] = allMigrations): { database: DatabaseSync; dir: { remove(): void } } {
  const dir = makeTempDir();
  const database = new DatabaseSync(join(dir.path, databaseFileName));
  migrate(database, migrations, upTo);
  database.exec(`
    INSERT INTO accounts (kind, name, email, incoming_host, incoming_port, incoming_security, incoming_username,
      secret_reference, created_at) VALUES ('imap', 'A', 'a@example.org', 'h', 993, 'tls', 'a', 'ref', 1);
    INSERT INTO folders (account_id, path, name, subscribed, selectable) VALUES ((SELECT max(id) FROM accounts), 'F', 'F', 1, 1);
  `);
  return { database, dir };
}

export function store(upTo: number): { database: DatabaseSync; remove(): void } {
  const { database, dir } = emptyStoreAt(upTo);
  const insert = database.prepare(
    `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
      seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
    VALUES ((SELECT max(id) FROM folders), ?, ?, ?, ?, '[]', '[]', '[]', ?, 10, ?, 0, 0, 0, 0, ?, ?, ?, 'headers')`,
  );
  const writeBody = database.prepare('UPDATE search_text SET body = ?, body_indexed = 1 WHERE message_id = ?');
  const words = createWordIndexer(database);
  // The newest first, as a first sync stores them.
  for (const [index, [subject, name, date, body, seen]] of [...rows.entries()].reverse()) {
    const id = Number(
      insert.run(
        index + 1,
        date,
        date,
        JSON.stringify({ name, address: 'x@example.org' }),
        subject,
        seen,
        JSON.stringify(index % 3 === 0 ? ['$label1', 'Work'] : index % 3 === 1 ? ['$Label1'] : []),
        subject.startsWith('Invoice') ? 1 : 0,
        subject.startsWith('Invoice') ? attachment : null,
      )
        .lastInsertRowid,
    );
    if (body !== null) {
      words.indexPending();
      writeBody.run(body, id);
    }
  }
  return {
    database,
    remove() {
      database.close();
      dir.remove();
    },
  };
}

// What each index holds, read from the index itself: (term, message, column, offset).
export function entries(database: DatabaseSync, table: 'search_words' | 'search_trigrams', keyed: boolean): readonly string[] {
  database.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_instances USING fts5vocab(main, '${table}', 'instance')`);
  return database
    .prepare(`SELECT term, ${keyed ? `doc & ${messageIdMask}` : 'doc'} AS message, col, offset FROM temp.${table}_instances`)
    .all()
    .map((row) => `${String(row.term)} ${Number(row.message)} ${String(row.col)} ${Number(row.offset)}`)
    .sort();
}

export const queries = ['keyword:$label1', 'keyword:work is:unread', 'keyword:important', 'budget -invoice', 'lunch OR garden', '"quarterly review"', 'resume', 'from:zoe', '東京', '会議室', '회의', 'filename:rechnung', 'budget is:unread', 'pending', 'x@example.org', 'note', 'invo', 'quarterl', 'quarterly', 'résu', 'gard', 'budge', 'subject:attach', 'from:mül'];

export async function answers(database: DatabaseSync): Promise<Record<string, { total: number; ids: string[] }>> {
  const search = createSearchRepository(database);
  const found: Record<string, { total: number; ids: string[] }> = {};
  for (const text of queries) {
    const parsed = parseQuery(text);
    assert.ok(parsed.ok && parsed.query !== null, text);
    for (const sort of ['date', 'relevance'] satisfies SearchSort[]) {
      for (const [offset, limit] of [[0, 100], [0, 2], [2, 3]] as const) {
        const page = await search.search({ query: parsed.query, sort, offset, limit, serverHits: [] });
        found[`${text} ${sort} ${offset}+${limit}`] = { total: page.total, ids: page.items.map((item) => item.id) };
      }
    }
  }
  return found;
}

