// Whole-store operations: a backup that restores (store-backup.ts), and the integrity check
// the crash tests run after every kill.
import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from './as-promise.ts';
import { integrityProblems, writeBackup } from './store-backup.ts';

export type StoreMaintenance = {
  backup(dataDir: string): Promise<{ readonly name: string; readonly bytes: number }>;
  integrityProblems(): Promise<readonly string[]>;
};

export function createStoreMaintenance(database: DatabaseSync): StoreMaintenance {
  return {
    backup: (dataDir) => asPromise(() => writeBackup(database, dataDir)),
    integrityProblems: () => asPromise(() => integrityProblems(database)),
  };
}
