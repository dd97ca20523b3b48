import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../store/open-database.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { subjectLookups } from './thread-indexer.ts';

// Both lookups run once for every message stored: a scan of the messages table in either
// made storing a folder's headers quadratic (10,000 messages took minutes).
describe('thread indexer subject lookups', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: DatabaseSync;
  beforeEach(() => {
    dir = makeTempDir();
    database = openDatabase(dir.path);
  });
  afterEach(() => {
    database.close();
    dir.remove();
  });

  for (const [name, sql] of Object.entries(subjectLookups)) {
    it(`${name} searches an index of messages by subject and never scans the table`, () => {
      const plan = database
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => String(row.detail))
        .join('\n');
      assert.match(plan, /SEARCH m USING (COVERING )?INDEX messages_(by_thread_subject|subject_only_replies) \(thread_subject=\?/);
      assert.doesNotMatch(plan, /SCAN m\b/);
    });
  }
});
