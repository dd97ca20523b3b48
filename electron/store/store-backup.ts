// Backups of the data directory that restore: the store through VACUUM INTO (a consistent
// copy of one moment, made while the app keeps running; https://sqlite.org/lang_vacuum.html#vacuuminto)
// and Local Folders' Maildir files beside it, copied after the store so that every file
// the copied store names is there (a file added in between is only an extra, which a
// restore sweeps from tmp/ or leaves unlisted).
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { databaseFileName } from './open-database.ts';

export function vacuumInto(database: DatabaseSync, targetFile: string): void {
  database.prepare('VACUUM INTO ?').run(targetFile);
}

export function integrityProblems(database: DatabaseSync): readonly string[] {
  return database
    .prepare('PRAGMA integrity_check')
    .all()
    .map((row) => String(Object.values(row)[0]))
    .filter((line) => line !== 'ok');
}

// A new folder under dataDir/backups named for the moment, holding the store and local/.
export function writeBackup(database: DatabaseSync, dataDir: string, now = new Date()): { readonly name: string; readonly bytes: number } {
  const name = `letterbox-${now.toISOString().replace(/[:.]/g, '-')}`;
  const dir = join(dataDir, 'backups', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const storeFile = join(dir, databaseFileName);
  vacuumInto(database, storeFile);
  const localDir = join(dataDir, 'local');
  if (existsSync(localDir)) cpSync(localDir, join(dir, 'local'), { recursive: true, errorOnExist: true, force: false });
  return { name, bytes: directorySize(dir) };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(path) : statSync(path).size;
  }
  return total;
}

// Puts a backup in place as the store of dataDir, which must not have one: a restore never
// overwrites mail. The backup's store must pass integrity_check first.
export function restoreBackup(backupDir: string, dataDir: string): void {
  if (existsSync(join(dataDir, databaseFileName))) {
    throw new Error(`${dataDir} already has a store; restore into an empty data directory`);
  }
  const source = join(backupDir, databaseFileName);
  const check = new DatabaseSync(source, { readOnly: true });
  try {
    const problems = integrityProblems(check);
    if (problems.length > 0) throw new Error(`The backup's store is damaged: ${problems.slice(0, 3).join('; ')}`);
  } finally {
    check.close();
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  cpSync(source, join(dataDir, databaseFileName), { errorOnExist: true, force: false });
  const local = join(backupDir, 'local');
  if (existsSync(local)) cpSync(local, join(dataDir, 'local'), { recursive: true, errorOnExist: true, force: false });
}
