import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './migration.ts';
import { readInteger } from './row-values.ts';
import { runInTransaction } from './transaction.ts';

export function readSchemaVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get();
  return row ? readInteger(row, 'user_version') : 0;
}

// Runs every migration above the stored version, each in its own transaction
// together with its user_version bump, so a crash leaves the store at a whole version.
export function migrate(database: DatabaseSync, migrations: readonly Migration[], target?: number): number {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3...; found ${migration.version} at position ${index + 1}`);
    }
  });
  const current = readSchemaVersion(database);
  const latest = ordered.length;
  if (current > latest) {
    throw new Error(`The store is at version ${current}, newer than this Letterbox understands (${latest})`);
  }
  const goal = target ?? latest;
  for (const migration of ordered) {
    if (migration.version <= current || migration.version > goal) continue;
    runInTransaction(database, () => {
      migration.up(database);
      database.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
  return readSchemaVersion(database);
}
