import type { DatabaseSync, StatementSync } from 'node:sqlite';

// Statements prepared on first use, once each. Repositories over tables a later migration
// adds need this: the store is opened (and its repositories made) before an older store
// has been migrated that far, so preparing up front would fail on the missing table.
export function createStatementCache(database: DatabaseSync): (sql: string) => StatementSync {
  const statements = new Map<string, StatementSync>();
  return function statement(sql: string): StatementSync {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      prepared = database.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
}
