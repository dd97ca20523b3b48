// The store's promise that a commit survives a crash or a power cut rests on three
// settings; they are set and then read back at every open, and a store that does not
// hold them is not used (docs/decisions.md, "Message sources are BLOBs in SQLite"):
//   - journal_mode WAL: readers never block the writer, and a commit is one append;
//   - synchronous FULL (2): the WAL is fsynced at every commit, not only at checkpoints,
//     so a committed transaction is on disk before the next step (a DELE, an EXPUNGE);
//   - on macOS, fullfsync: there fsync() only reaches the drive's cache; F_FULLFSYNC
//     (https://sqlite.org/pragma.html#pragma_fullfsync) reaches the platter.
import type { DatabaseSync } from 'node:sqlite';

export type Durability = {
  readonly journalMode: string;
  readonly synchronous: number;
  readonly fullfsync: boolean;
  readonly checkpointFullfsync: boolean;
};

const SYNCHRONOUS_FULL = 2;

function pragmaValue(database: DatabaseSync, name: string): unknown {
  const row = database.prepare(`PRAGMA ${name}`).get();
  return row === undefined ? undefined : Object.values(row)[0];
}

export function readDurability(database: DatabaseSync): Durability {
  return {
    journalMode: String(pragmaValue(database, 'journal_mode')).toLowerCase(),
    synchronous: Number(pragmaValue(database, 'synchronous')),
    fullfsync: Number(pragmaValue(database, 'fullfsync')) === 1,
    checkpointFullfsync: Number(pragmaValue(database, 'checkpoint_fullfsync')) === 1,
  };
}

// What is wrong with the settings, one sentence each; empty when the store is durable.
export function durabilityProblems(durability: Durability, platform: NodeJS.Platform): readonly string[] {
  const problems: string[] = [];
  if (durability.journalMode !== 'wal') problems.push(`journal_mode is ${durability.journalMode}, not wal`);
  if (durability.synchronous !== SYNCHRONOUS_FULL) problems.push(`synchronous is ${durability.synchronous}, not 2 (FULL)`);
  if (platform === 'darwin' && !(durability.fullfsync && durability.checkpointFullfsync)) {
    problems.push('fullfsync is off, so on macOS a commit could stay in the drive cache');
  }
  return problems;
}

// Sets the macOS extras, then checks everything (the caller has set WAL and FULL).
export function assertDurable(database: DatabaseSync, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'darwin') {
    database.exec('PRAGMA fullfsync = ON');
    database.exec('PRAGMA checkpoint_fullfsync = ON');
  }
  const problems = durabilityProblems(readDurability(database), platform);
  if (problems.length > 0) {
    throw new Error(`The store cannot promise durable commits: ${problems.join('; ')}. Letterbox stops rather than risk your mail.`);
  }
}
