import { LetterboxError } from '../../shared/errors.ts';
import { childPath, folderNameProblem, renamedPath } from '../../shared/folders/folder-name.ts';
import type { ImapFolderCommands, ImapSession } from '../imap/imap-types.ts';
import type { LocalFolderChanges } from '../local/local-folder-changes.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { Store } from '../store/store.ts';

type FolderChannel = 'createFolder' | 'renameFolder' | 'deleteFolder' | 'setFolderSubscribed' | 'emptyLocalTrash';

export type FolderHandlerOptions = {
  readonly store: Store;
  readonly sessions: Pick<InteractiveSessions, 'use'>;
  readonly emit: EmitEvent;
  readonly isWorkingOffline: () => Promise<boolean>;
  // Local Folders have no server: their folders are renamed and deleted on this computer.
  readonly localFolders: LocalFolderChanges;
};

// Folder management, sent to the server at once on the account's interactive connection
// (a folder cannot be used before the server made it), then the folder list is read back
// with LIST so the store holds exactly what the server has.
export function createFolderHandlers({
  store,
  sessions,
  emit,
  isWorkingOffline,
  localFolders,
}: FolderHandlerOptions): Pick<Handlers, FolderChannel> {
  async function folder(folderId: string): Promise<StoredFolder> {
    const found = await store.folders.get(folderId);
    if (found === null) throw new LetterboxError('not-found', 'That folder no longer exists.');
    return found;
  }

  async function onServer(
    accountId: string,
    work: (commands: ImapFolderCommands) => Promise<void>,
    after?: () => Promise<void>,
  ): Promise<null> {
    if (await isWorkingOffline()) {
      throw new LetterboxError('network', 'Folders can be changed only while connected. Turn off "Work offline" and try again.');
    }
    await sessions.use(accountId, async (session) => {
      await work(folderCommands(session));
      await after?.();
      const listing = await session.listFolders();
      await store.folders.replaceFromServer(accountId, listing);
    });
    emit('foldersChanged', { accountId });
    return null;
  }

  function refuseName(name: string, delimiter: string | null): void {
    const problem = folderNameProblem(name, delimiter);
    if (problem !== null) throw new LetterboxError('invalid-argument', problem);
  }

  return {
    async createFolder({ accountId, parentFolderId, name }) {
      if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
      const parent = parentFolderId === null ? null : await folder(parentFolderId);
      if (parent !== null && parent.accountId !== accountId)
        throw new LetterboxError('invalid-argument', 'That folder belongs to another account.');
      const siblings = await store.folders.listByAccount(accountId);
      const delimiter = parent?.delimiter ?? siblings.find((candidate) => candidate.delimiter !== null)?.delimiter ?? null;
      refuseName(name, delimiter);
      const path = childPath(parent?.path ?? null, name, delimiter);
      if (siblings.some((candidate) => candidate.path === path)) {
        throw new LetterboxError('already-exists', `A folder "${path}" already exists.`);
      }
      return onServer(accountId, async (commands) => {
        try {
          await commands.createFolder(path);
        } catch (error) {
          if (!(error instanceof LetterboxError && error.code === 'already-exists')) throw error;
          // Not in the last listing, yet on the server: another client made it since, or
          // this request's first CREATE was carried out before its connection was lost.
          // Either way the folder asked for is there; it is subscribed, as a new one would be.
          await commands.subscribeFolder(path, true);
        }
      });
    },
    async renameFolder({ folderId, name }) {
      const current = await folder(folderId);
      if (await localFolders.owns(current)) {
        await localFolders.rename(current, name);
        return null;
      }
      if (current.role === 'inbox') throw new LetterboxError('invalid-argument', 'The Inbox cannot be renamed.');
      refuseName(name, current.delimiter);
      const newPath = renamedPath(current.path, name, current.delimiter);
      if (newPath === current.path) return null;
      return onServer(
        current.accountId,
        (commands) => commands.renameFolder(current.path, newPath),
        () => store.folderPaths.renamed(current.accountId, current.path, newPath, current.delimiter, name.trim()),
      );
    },
    async deleteFolder({ folderId, withSubfolders, permanently }) {
      const current = await folder(folderId);
      if (await localFolders.owns(current)) {
        await localFolders.delete(current, { withSubfolders: withSubfolders === true, permanently: permanently === true });
        return null;
      }
      if (current.role === 'inbox') throw new LetterboxError('invalid-argument', 'The Inbox cannot be deleted.');
      await onServer(current.accountId, (commands) => commands.deleteFolder(current.path));
      emit('messagesChanged', { folderIds: [folderId] });
      return null;
    },
    async emptyLocalTrash({ folderId }) {
      const current = await folder(folderId);
      if (!(await localFolders.owns(current)))
        throw new LetterboxError('invalid-argument', 'Only the Trash of Local Folders can be emptied this way.');
      await localFolders.emptyTrash(current);
      return null;
    },
    async setFolderSubscribed({ folderId, subscribed }) {
      const current = await folder(folderId);
      // Subscription is the server's list of folders a client shows; Local Folders are all shown.
      if (await localFolders.owns(current))
        throw new LetterboxError('invalid-argument', 'Folders on this computer are always shown; only server folders can be subscribed to.');
      return onServer(current.accountId, (commands) => commands.subscribeFolder(current.path, subscribed));
    },
  };
}

function folderCommands(session: ImapSession): ImapFolderCommands {
  const { createFolder, renameFolder, deleteFolder, subscribeFolder } = session;
  if (createFolder === undefined || renameFolder === undefined || deleteFolder === undefined || subscribeFolder === undefined) {
    throw new LetterboxError('server-error', 'This connection cannot manage folders on the server.');
  }
  return { createFolder, renameFolder, deleteFolder, subscribeFolder };
}
