import type { DatabaseSync } from 'node:sqlite';

// Runs work as one transaction: all of it is durable, or none of it is.
// BEGIN IMMEDIATE takes the write lock up front, so a second writer waits on
// busy_timeout instead of failing halfway through with SQLITE_BUSY.
export function runInTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.isTransaction) database.exec('ROLLBACK');
    throw error;
  }
}
