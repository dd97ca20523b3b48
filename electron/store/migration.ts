import type { DatabaseSync } from 'node:sqlite';

// A numbered schema change. `version` is what PRAGMA user_version holds once it has run.
export type Migration = {
  readonly version: number;
  readonly name: string;
  up(database: DatabaseSync): void;
};
