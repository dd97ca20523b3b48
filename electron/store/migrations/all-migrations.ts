import type { Migration } from '../migration.ts';
import { initialMigration } from './001-initial.ts';
import { messageSourcesMigration } from './002-message-sources.ts';

export const allMigrations: readonly Migration[] = [initialMigration, messageSourcesMigration];
