import type { DatabaseSync } from 'node:sqlite';
import { createActionRepository, type ActionRepository } from './action-repository.ts';
import { createAccountRepository, type AccountRepository } from './account-repository.ts';
import { createFolderRepository, type FolderRepository } from './folder-repository.ts';
import { createMessageRepository, type MessageRepository } from './message-repository.ts';
import { createMessageSourceRepository, type MessageSourceRepository } from './message-source-repository.ts';
import { openDatabase } from './open-database.ts';
import { createSyncRepository, type SyncRepository } from './sync-repository.ts';
import { createOfflinePolicyRepository, type OfflinePolicyRepository } from './offline-policy-repository.ts';
import { createSearchRepository, type SearchRepository } from '../search/search-repository.ts';
import { createComposeRepositories, type ComposeRepositories } from '../compose/compose-repositories.ts';
import { createCertificateRepository, type CertificateRepository } from '../certificates/certificate-repository.ts';
import { createKeywordRepository, type KeywordRepository } from '../keywords/keyword-repository.ts';
import { createFolderPathRepository, type FolderPathRepository } from '../folders/folder-path-repository.ts';
import { createLocalRepository, type LocalRepository } from '../local/local-repository.ts';
import { createPop3Repository, type Pop3Repository } from '../pop3-sync/pop3-repository.ts';

// The cache on disk: one SQLite file in the data directory, reached only through repositories.
export type Store = {
  readonly accounts: AccountRepository;
  readonly folders: FolderRepository;
  readonly messages: MessageRepository;
  readonly sources: MessageSourceRepository;
  readonly sync: SyncRepository;
  readonly actions: ActionRepository;
  readonly search: SearchRepository;
  readonly compose: ComposeRepositories;
  readonly certificates: CertificateRepository;
  readonly keywords: KeywordRepository;
  readonly folderPaths: FolderPathRepository;
  readonly local: LocalRepository;
  readonly pop3: Pop3Repository;
  readonly offlinePolicy: OfflinePolicyRepository;
  close(): void;
};

export function openStore(dataDir: string): Store {
  return storeOver(openDatabase(dataDir));
}

export function storeOver(database: DatabaseSync): Store {
  return {
    accounts: createAccountRepository(database),
    folders: createFolderRepository(database),
    messages: createMessageRepository(database),
    sources: createMessageSourceRepository(database),
    sync: createSyncRepository(database),
    actions: createActionRepository(database),
    search: createSearchRepository(database),
    compose: createComposeRepositories(database),
    certificates: createCertificateRepository(database),
    keywords: createKeywordRepository(database),
    folderPaths: createFolderPathRepository(database),
    local: createLocalRepository(database),
    pop3: createPop3Repository(database),
    offlinePolicy: createOfflinePolicyRepository(database),
    close() {
      if (database.isOpen) database.close();
    },
  };
}
