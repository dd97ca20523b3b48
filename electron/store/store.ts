import type { DatabaseSync } from 'node:sqlite';
import { createActionRepository, type ActionRepository } from './action-repository.ts';
import { createAccountRepository, type AccountRepository } from './account-repository.ts';
import { createFolderRepository, type FolderRepository } from './folder-repository.ts';
import { createMessageRepository, type MessageRepository } from './message-repository.ts';
import { createMessageSourceRepository, type MessageSourceRepository } from './message-source-repository.ts';
import { createHeaderWriter } from './header-writer.ts';
import { openDatabase } from './open-database.ts';
import { createSyncRepository, type SyncRepository } from './sync-repository.ts';
import { createOfflinePolicyRepository, type OfflinePolicyRepository } from './offline-policy-repository.ts';
import { createSearchRepository, type SearchRepository } from '../search/search-repository.ts';
import { createWordIndexer } from '../search/word-index.ts';
import { createComposeRepositories, type ComposeRepositories } from '../compose/compose-repositories.ts';
import { createCertificateRepository, type CertificateRepository } from '../certificates/certificate-repository.ts';
import { createKeywordRepository, type KeywordRepository } from '../keywords/keyword-repository.ts';
import { createConversationRepository, type ConversationRepository } from '../threads/conversation-repository.ts';
import { createFolderPathRepository, type FolderPathRepository } from '../folders/folder-path-repository.ts';
import { createLocalRepository, type LocalRepository } from '../local/local-repository.ts';
import { createPop3Repository, type Pop3Repository } from '../pop3-sync/pop3-repository.ts';
import { createUnifiedRepository, type UnifiedRepository } from '../unified/unified-repository.ts';
import { createTransferRepository, type TransferRepository } from '../actions/transfer-repository.ts';
import { createSettingsRepository, type SettingsRepository } from '../settings/settings-repository.ts';
import { createAccountUpdateRepository, type AccountUpdateRepository } from '../settings/account-update-repository.ts';
import { createNewMailRepository, type NewMailRepository } from '../notifications/new-mail-repository.ts';
import { createRemoteContentRepository, type RemoteContentRepository } from '../remote-content/remote-content-repository.ts';

import { createLocalSaveRepository, type LocalSaveRepository } from '../local/local-save-repository.ts';
import { createAccountLocalMailRepository, type AccountLocalMailRepository } from '../local/account-local-mail-repository.ts';
import { createFolderSaveJobRepository, type FolderSaveJobRepository } from '../local/folder-save-job-repository.ts';
import { createLocalFolderChangeRepository, type LocalFolderChangeRepository } from '../local/local-folder-change-repository.ts';
import { createStoreMaintenance, type StoreMaintenance } from './store-maintenance.ts';
import { diskWriteError } from '../local/disk-write-error.ts';
import type { LargeSourceUpload } from './message-source-repository.ts';

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
  readonly conversations: ConversationRepository;
  readonly folderPaths: FolderPathRepository;
  readonly local: LocalRepository;
  readonly pop3: Pop3Repository;
  readonly offlinePolicy: OfflinePolicyRepository;
  readonly localSaves: LocalSaveRepository;
  readonly accountLocalMail: AccountLocalMailRepository;
  readonly folderSaveJobs: FolderSaveJobRepository;
  readonly localFolderChanges: LocalFolderChangeRepository;
  readonly maintenance: StoreMaintenance;
  readonly settings: SettingsRepository;
  readonly accountUpdates: AccountUpdateRepository;
  readonly newMail: NewMailRepository;
  readonly remoteContent: RemoteContentRepository;
  readonly unified: UnifiedRepository;
  readonly transfers: TransferRepository;
  close(): void;
};

// Headers from sync, and the bodies a full offline sync downloads, are written on a second
// thread (header-writer.ts); everything else goes through this thread's connection.
export function openStore(dataDir: string): Store {
  const database = openDatabase(dataDir);
  const store = storeOver(database);
  const headerWriter = createHeaderWriter(dataDir);
  // Rows a sync stopped with the process left out of the word index (a download's, waiting
  // for bodies, or a first sync's headers): indexed now, not at the next sync's first write.
  if (createWordIndexer(database).pendingCount() > 0) headerWriter.flushSearchIndex().catch(() => undefined);
  // Where the store saves mail, SQLite's SQLITE_FULL (raised here, or on the writer's thread
  // as a HeaderWriteError) would reach the status bar or the reader as "an error inside
  // Letterbox": a full disk is told as what it is (test/integration/full-disk.test.ts).
  const told = <T>(write: Promise<T>): Promise<T> =>
    write.catch((error: unknown) => {
      throw diskWriteError(error, dataDir);
    });
  const toldUpload = (upload: LargeSourceUpload): LargeSourceUpload => ({
    append: (chunk) => {
      upload.append(chunk);
    },
    commit: () => told(upload.commit()),
    abort: () => {
      upload.abort();
    },
  });
  return {
    ...store,
    messages: {
      ...store.messages,
      upsertHeaders: (folderId, headers, options) => told(headerWriter.upsertHeaders(folderId, headers, options)),
      flushSearchIndex: () => told(headerWriter.flushSearchIndex()),
      beginHeaderSync: (firstSync) => headerWriter.beginHeaderSync(firstSync),
    },
    sources: {
      ...store.sources,
      storeFull: (messageId, source, text) => told(store.sources.storeFull(messageId, source, text)),
      storeFullBatch: (entries) => told(headerWriter.storeFullBatch(entries)),
      beginLargeSource: (messageId) => toldUpload(headerWriter.beginLargeSource(messageId)),
    },
    offlinePolicy: {
      ...store.offlinePolicy,
      expectBodies: (accountId, since) => headerWriter.expectBodies(accountId, since),
    },
    // Local Folders' commits too: a delivered message's text for the word index (up to 4 Mi
    // characters) held this thread over a second (issue 9, hostile sizes).
    local: {
      ...store.local,
      insertMessages: (folderId, messages) => told(headerWriter.insertLocalMessages(folderId, messages)),
      completeMessage: (messageRef, file, bodyText) => told(headerWriter.completeLocalMessage(messageRef, file, bodyText)),
    },
    close() {
      headerWriter.close();
      store.close();
    },
  };
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
    conversations: createConversationRepository(database),
    folderPaths: createFolderPathRepository(database),
    local: createLocalRepository(database),
    pop3: createPop3Repository(database),
    offlinePolicy: createOfflinePolicyRepository(database),
    localSaves: createLocalSaveRepository(database),
    accountLocalMail: createAccountLocalMailRepository(database),
    folderSaveJobs: createFolderSaveJobRepository(database),
    localFolderChanges: createLocalFolderChangeRepository(database),
    maintenance: createStoreMaintenance(database),
    settings: createSettingsRepository(database),
    accountUpdates: createAccountUpdateRepository(database),
    newMail: createNewMailRepository(database),
    remoteContent: createRemoteContentRepository(database),
    unified: createUnifiedRepository(database),
    transfers: createTransferRepository(database),
    close() {
      if (database.isOpen) database.close();
    },
  };
}
