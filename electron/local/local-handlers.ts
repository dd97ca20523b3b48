// The service's Local Folders channels: save or move IMAP mail here, import and export
// mbox and .eml, choose where a POP3 account delivers, and back up the store. Composed by
// create-service with a few lines.
import { LetterboxError } from '../../shared/errors.ts';
import type { SyncStatus } from '../../shared/domain.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import type { LocalFolders } from './local-folders.ts';
import { createLocalSaves, type LocalSaves } from './save-locally.ts';
import { createExportPlanner } from './export-planner.ts';
import { createMailImports } from './mail-import.ts';
import { createBeginExport, type ExportTarget } from './begin-export.ts';
import { createFolderSaveJobs } from './folder-save-jobs.ts';

type LocalChannel = 'saveLocally' | 'saveFolderLocally' | 'getLocalArchivePolicy' | 'setLocalArchivePolicy' | 'beginImport' | 'importChunk' | 'endImport' | 'beginExport' | 'backupStore' | 'getPop3Target' | 'setPop3Target';

export type LocalHandlersOptions = {
  readonly store: Store;
  readonly dataDir: string;
  readonly local: LocalFolders;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly emit: EmitEvent;
  readonly isOffline: () => Promise<boolean>;
  readonly logError: (error: unknown) => void;
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
  // For whole-folder jobs: the folder's UIDs brought up to date, and progress in the status.
  readonly syncFolder: (folderId: string) => Promise<void>;
  readonly reportStatus: (status: SyncStatus) => void;
  // Where beginExport writes (a save dialog's file, or a browser-mode download); none: refused.
  readonly exportTarget?: ExportTarget | undefined;
};

export type LocalFolderService = {
  readonly handlers: Pick<Handlers, LocalChannel>;
  readonly saves: LocalSaves;
  // After Local Folders' own recovery (finished renames): verify and finish interrupted saves.
  recover(): Promise<void>;
  onEvent<E extends EventName>(event: E, payload: EventMap[E]): void;
};

export function createLocalFolderService(options: LocalHandlersOptions): LocalFolderService {
  const { store, local } = options;
  const saves = createLocalSaves({ ...options, saves: store.localSaves });
  const exports = createExportPlanner({ store, sourceOf: options.sourceOf });
  const imports = createMailImports({
    local,
    async requireLocalFolder(folderId) {
      const folder = await store.folders.get(folderId);
      if (folder === null || folder.accountId !== (await local.account()).accountId || !folder.selectable) {
        throw new LetterboxError('invalid-argument', 'Mail can be imported only into a folder under Local Folders.');
      }
    },
    delivered(folderId) {
      options.emit('messagesChanged', { folderIds: [folderId] });
      local
        .account()
        .then((account) => {
          options.emit('foldersChanged', { accountId: account.accountId });
        })
        .catch(options.logError);
    },
  });
  const folderJobs = createFolderSaveJobs({ ...options, jobs: store.folderSaveJobs, saves });

  async function requirePop3(accountId: string): Promise<void> {
    if ((await store.accounts.get(accountId))?.kind !== 'pop3') throw new LetterboxError('not-found', 'That POP3 account no longer exists.');
  }

  return {
    saves,
    async recover() {
      await saves.recover();
      await folderJobs.resume();
    },
    onEvent(event, payload) {
      // A sync that reached the server is the moment to finish moves that waited for it, to
      // resume folder jobs and to move old mail by the account's option.
      if (event !== 'status') return;
      const status = payload as EventMap['status'];
      if (status.state !== 'idle' || status.accountId === null || folderJobs.isOwnStatus(status)) return;
      const accountId = status.accountId;
      saves
        .finishPending(accountId)
        .then(() => folderJobs.afterSync(accountId))
        .catch(options.logError);
    },
    handlers: {
      saveLocally: ({ messageIds, targetFolderId, mode }) => saves.save(messageIds, targetFolderId, mode),
      saveFolderLocally: ({ folderId, targetFolderId, mode }) => folderJobs.saveFolder(folderId, targetFolderId, mode),
      getLocalArchivePolicy: ({ accountId }) => folderJobs.getPolicy(accountId),
      async setLocalArchivePolicy(policy) {
        await folderJobs.setPolicy(policy);
        return null;
      },
      beginImport: (args) => imports.begin(args),
      importChunk: (args) => imports.chunk(args),
      endImport: (args) => imports.end(args),
      beginExport: createBeginExport(
        (what) => exports.planExport(what),
        options.exportTarget,
        (ended) => {
          options.emit('exportDownloadEnded', ended);
        },
      ),
      async backupStore() {
        const backup = await store.maintenance.backup(options.dataDir);
        return { fileName: backup.name, bytes: backup.bytes };
      },
      async getPop3Target({ accountId }) {
        await requirePop3(accountId);
        return { folderId: (await store.pop3.getSettings(accountId))?.targetFolderId ?? null };
      },
      async setPop3Target({ accountId, folderId }) {
        await requirePop3(accountId);
        const settings = await store.pop3.getSettings(accountId);
        if (settings === null) throw new LetterboxError('not-found', 'That POP3 account no longer exists.');
        if (folderId !== null) {
          const folder = await store.folders.get(folderId);
          if (folder === null || folder.accountId !== (await local.account()).accountId || !folder.selectable) {
            throw new LetterboxError('invalid-argument', 'POP3 mail can be delivered only into a folder under Local Folders.');
          }
        }
        await store.pop3.saveSettings(accountId, { ...settings, targetFolderId: folderId });
        return null;
      },
    },
  };
}
