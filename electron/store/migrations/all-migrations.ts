import type { Migration } from '../migration.ts';
import { initialMigration } from './001-initial.ts';
import { messageSourcesMigration } from './002-message-sources.ts';
import { syncStateMigration } from './003-sync-state.ts';
import { actionQueueMigration } from './004-action-queue.ts';
import { searchIndexMigration } from './005-search-index.ts';

export const allMigrations: readonly Migration[] = [initialMigration, messageSourcesMigration, syncStateMigration, actionQueueMigration, searchIndexMigration];
