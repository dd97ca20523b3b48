import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, it } from 'node:test';
import { emptyStoreAt } from './search-migration-fixture.ts';
import { cheapTriggerChecksMigration } from './020-cheap-trigger-checks.ts';

const version = cheapTriggerChecksMigration.version;

const attachment = JSON.stringify({
  type: 'multipart/mixed',
  childNodes: [
    { type: 'text/plain', parameters: { charset: 'utf-8' } },
    { type: 'application/pdf', parameters: { name: 'Rechnung März.pdf' }, dispositionParameters: { filename: 'Rechnung März.pdf' } },
  ],
});
const named = JSON.stringify({ type: 'image/png', parameters: { name: '東京.png' } });
const unnamed = JSON.stringify({ type: 'text/plain', parameters: { charset: 'utf-8' } });

// Subject, sender's name, body structure: ASCII, Latin with accents, and each spaceless
// script the trigram index exists for, at the start, the end and alone.
const rows: readonly (readonly [string, string, string | null])[] = [
  ['Quarterly report', 'Bob', null],
  ['Résumé attached', 'Zoë Müller', attachment],
  ['東京の会議', 'Tanaka', unnamed],
  ['Lunch', '田中', named],
  ['ประชุม', 'Somchai', null],
  ['회의 일정', 'Kim', null],
  ['plain', 'plain', 'not json "name" at all'],
  ['Ünïcode & more', 'Ann', unnamed],
];

function store(upTo: number): { database: DatabaseSync; remove(): void } {
  const { database, dir } = emptyStoreAt(upTo);
  const insert = database.prepare(
    `INSERT INTO messages (folder_id, uid, date, internal_date, from_json, to_json, cc_json, reply_to_json, subject, size,
      seen, flagged, answered, draft, deleted, keywords_json, has_attachments, body_structure, body_state)
    VALUES ((SELECT max(id) FROM folders), ?, 100, 100, ?, '[]', '[]', '[]', ?, 10, 0, 0, 0, 0, 0, '[]', 0, ?, 'headers')`,
  );
  for (const [index, [subject, name, structure]] of rows.entries()) {
    insert.run(index + 1, JSON.stringify({ name, address: 'x@example.org' }), subject, structure);
  }
  return {
    database,
    remove() {
      database.close();
      dir.remove();
    },
  };
}

function fileNames(database: DatabaseSync): readonly string[] {
  return database.prepare('SELECT filenames FROM search_text ORDER BY message_id').all().map((row) => String(row.filenames));
}

// The rows the trigram index holds, read from the index itself (its table is external
// content: a SELECT on it would read search_text).
function trigramRowIds(database: DatabaseSync): readonly number[] {
  database.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.trigram_instances USING fts5vocab(main, 'search_trigrams', 'instance')");
  return database
    .prepare('SELECT DISTINCT doc FROM temp.trigram_instances ORDER BY doc')
    .all()
    .map((row) => Number(row.doc));
}

describe(`migration ${version}: cheap checks in front of the search triggers`, () => {
  const opened: { remove(): void }[] = [];
  afterEach(() => {
    for (const one of opened.splice(0)) one.remove();
  });

  it('indexes exactly what the triggers before it indexed', () => {
    const before = store(version - 1);
    const after = store(version);
    opened.push(before, after);
    assert.deepEqual(fileNames(after.database), fileNames(before.database));
    assert.deepEqual(trigramRowIds(after.database), trigramRowIds(before.database));
    assert.deepEqual(trigramRowIds(after.database), [3, 4, 5, 6], 'the Japanese, Chinese, Thai and Korean rows');
    assert.deepEqual(fileNames(after.database), ['', 'Rechnung März.pdf Rechnung März.pdf', '', '東京.png', '', '', '', '']);
  });

  it('keeps the trigram index consistent through updates and deletes', () => {
    const after = store(version);
    opened.push(after);
    const { database } = after;
    database.exec(`
      UPDATE messages SET subject = 'now ASCII' WHERE uid = 3;
      UPDATE messages SET subject = '会議' WHERE uid = 1;
      UPDATE messages SET seen = 1 WHERE uid = 4;
      DELETE FROM messages WHERE uid IN (5, 7);
    `);
    assert.deepEqual(trigramRowIds(database), [1, 4, 6]);
    database.exec("INSERT INTO search_trigrams (search_trigrams) VALUES ('integrity-check')");
  });
});
