import type { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrate.ts';
import { allMigrations } from './migrations/all-migrations.ts';
import { openConnection } from './open-connection.ts';

export { databaseFileName, openConnection } from './open-connection.ts';

// Opens (or creates) the store and brings its schema up to date.
export function openDatabase(dataDir: string): DatabaseSync {
  const database = openConnection(dataDir);
  try {
    migrate(database, allMigrations);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
