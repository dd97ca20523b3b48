import type { Migration } from '../migration.ts';
import { initialMigration } from './001-initial.ts';
import { messageSourcesMigration } from './002-message-sources.ts';
import { syncStateMigration } from './003-sync-state.ts';
import { actionQueueMigration } from './004-action-queue.ts';
import { searchIndexMigration } from './005-search-index.ts';
import { keywordsMigration } from './006-keywords.ts';
import { localFoldersPop3Migration } from './007-local-folders-pop3.ts';
import { composeMigration } from './008-compose.ts';
import { offlinePolicyMigration } from './009-offline-policy.ts';
import { pinnedCertificatesMigration } from './010-pinned-certificates.ts';
import { trigramSpacelessOnlyMigration } from './011-trigram-spaceless-only.ts';

export const allMigrations: readonly Migration[] = [initialMigration, messageSourcesMigration, syncStateMigration, actionQueueMigration, searchIndexMigration, keywordsMigration, localFoldersPop3Migration, composeMigration, offlinePolicyMigration, pinnedCertificatesMigration, trigramSpacelessOnlyMigration];
