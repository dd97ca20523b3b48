import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { assertDurable } from './durability.ts';

// Apart from open-database.ts, so the threads that open their own connection (the header
// writer, the body text threads, source readers) do not load every migration: from the
// TypeScript sources that was about 80 ms of CPU at each thread's start (docs/decisions.md).
export const databaseFileName = 'letterbox.sqlite';
export const walSizeLimitBytes = 16 * 1024 * 1024;

// One connection to the store with its durability settings, schema untouched: the
// header writer's thread opens its own after the main thread has migrated. WAL lets the
// UI read while sync writes; synchronous=FULL makes each commit survive a power cut.
export function openConnection(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = new DatabaseSync(join(dataDir, databaseFileName), {
    enableForeignKeyConstraints: true,
    timeout: 5000,
  });
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = FULL');
    database.exec('PRAGMA foreign_keys = ON');
    database.exec('PRAGMA busy_timeout = 5000');
    // 16 MiB of page cache, not SQLite's 2 MB: search and lists read the same index pages
    // again and again, and at 50,000 messages the store is 140 MB (about 15% of search's
    // time went to re-reading pages the small cache had dropped; PERFORMANCE.md).
    database.exec('PRAGMA cache_size = -16384');
    // A WAL grown by one large write (a 100 MB attachment stored whole, or a write a full
    // disk broke off) is otherwise kept at that size until the app quits: cut back to 16 MiB
    // at the next checkpoint, more than a sync's batch of sources (at most 8 MB) needs.
    database.exec(`PRAGMA journal_size_limit = ${walSizeLimitBytes}`);
    assertDurable(database);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
