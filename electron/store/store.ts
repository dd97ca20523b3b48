import type { DatabaseSync } from 'node:sqlite';
import { createActionRepository, type ActionRepository } from './action-repository.ts';
import { createAccountRepository, type AccountRepository } from './account-repository.ts';
import { createFolderRepository, type FolderRepository } from './folder-repository.ts';
import { createMessageRepository, type MessageRepository } from './message-repository.ts';
import { createMessageSourceRepository, type MessageSourceRepository } from './message-source-repository.ts';
import { openDatabase } from './open-database.ts';
import { createSyncRepository, type SyncRepository } from './sync-repository.ts';
import { createSearchRepository, type SearchRepository } from '../search/search-repository.ts';

// The cache on disk: one SQLite file in the data directory, reached only through repositories.
export type Store = {
  readonly accounts: AccountRepository;
  readonly folders: FolderRepository;
  readonly messages: MessageRepository;
  readonly sources: MessageSourceRepository;
  readonly sync: SyncRepository;
  readonly actions: ActionRepository;
  readonly search: SearchRepository;
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
    close() {
      if (database.isOpen) database.close();
    },
  };
}
