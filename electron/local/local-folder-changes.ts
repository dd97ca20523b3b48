// Renaming and deleting folders of Local Folders (the folder context menu). Each change
// commits to the store first and then makes the disk follow, as a delivery does
// (local-folders.ts): after a crash at any point the store says where every folder and
// message belongs, and Local Folders' recovery at the next start moves the directories and
// files that had not followed yet. No file is ever deleted to make a change, except those of
// a folder the user deleted for good.
// - Rename: the folder's and its subfolders' paths change in one transaction, then each
//   Maildir++ directory (".A", ".A.B") is renamed.
// - Delete: in one transaction every message of the folder and its subfolders goes into
//   Trash and the folders' rows go; then the files are moved into Trash's cur/ (fsynced)
//   and only then are the emptied directories removed. So the messages are durably in
//   Trash, in the store and on disk, before the folder's directory disappears.
// - A folder inside Trash, and Trash's contents ("Empty Trash"), are deleted for good: the
//   rows go first, then the files (a crash between leaves unlisted files, never a listed
//   message without its file).
import { LetterboxError } from '../../shared/errors.ts';
import { renamedPath } from '../../shared/folders/folder-name.ts';
import {
  LOCAL_DELIMITER,
  localFolderDeletion,
  localRenameProblem,
  subtreeOf,
} from '../../shared/folders/local-folder-changes.ts';
import { crashPoint } from '../crash/crash-point.ts';
import type { EmitEvent } from '../service/service-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import type { Store } from '../store/store.ts';
import type { LocalFolderChangeRepository } from './local-folder-change-repository.ts';
import type { LocalFolders } from './local-folders.ts';
import { folderDirectoryName } from './maildir-name.ts';

export type DeleteConfirmation = {
  // The user was told that the subfolders go too, and that a folder in Trash goes for good.
  readonly withSubfolders: boolean;
  readonly permanently: boolean;
};

export type LocalFolderChanges = {
  // Whether the folder belongs to Local Folders (else it is a server's).
  owns(folder: StoredFolder): Promise<boolean>;
  rename(folder: StoredFolder, name: string): Promise<void>;
  delete(folder: StoredFolder, confirmation: DeleteConfirmation): Promise<void>;
  emptyTrash(folder: StoredFolder): Promise<void>;
};

export type LocalFolderChangesOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  readonly changes: LocalFolderChangeRepository;
  readonly emit: EmitEvent;
  // Settles once Local Folders' start-up recovery has run: a change must not move files that
  // recovery is moving too.
  readonly ready: () => Promise<void>;
};

function refuse(message: string): never {
  throw new LetterboxError('invalid-argument', message);
}

export function createLocalFolderChanges({ store, local, changes, emit, ready }: LocalFolderChangesOptions): LocalFolderChanges {
  // One change at a time: a second rename must see the paths the first one left.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized(work: () => Promise<void>): Promise<void> {
    const run = async (): Promise<void> => {
      await ready().catch(() => undefined);
      await work();
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  async function requireIdle(folder: StoredFolder, subtree: readonly StoredFolder[]): Promise<void> {
    const work = await changes.workIn(subtree.map((candidate) => candidate.id));
    if (work.savingJobs > 0)
      refuse(`Mail from a server is still being saved into "${folder.name}". Wait until that finishes, then try again.`);
    // Queued changes name their folder by path (docs/decisions.md, "Folder management is online only").
    if (work.pendingActions > 0)
      refuse(`Changes to messages in "${folder.name}" are still being carried out. Try again in a moment.`);
  }

  async function changed(folderIds: readonly string[]): Promise<void> {
    emit('foldersChanged', { accountId: (await local.account()).accountId });
    if (folderIds.length > 0) emit('messagesChanged', { folderIds });
  }

  async function current(
    folder: StoredFolder,
  ): Promise<{ readonly folder: StoredFolder; readonly folders: readonly StoredFolder[] }> {
    const folders = await store.folders.listByAccount(folder.accountId);
    const found = folders.find((candidate) => candidate.id === folder.id);
    if (found === undefined) throw new LetterboxError('not-found', 'That folder no longer exists.');
    return { folder: found, folders };
  }

  return {
    async owns(folder) {
      return folder.accountId === (await local.account()).accountId;
    },
    rename: (asked, name) =>
      serialized(async () => {
        const { folder, folders } = await current(asked);
        const problem = localRenameProblem(folder, name, folders);
        if (problem !== null) throw new LetterboxError(problem.code, problem.message);
        const newPath = renamedPath(folder.path, name, LOCAL_DELIMITER);
        if (newPath === folder.path) return;
        const subtree = subtreeOf(folder, folders);
        const moves = subtree.map((candidate) => ({
          from: candidate.path,
          to: `${newPath}${candidate.path.slice(folder.path.length)}`,
        }));
        // Maildir++ keeps every folder in one directory under the root, with "." in a name
        // kept as "_": "a.b" and "a_b" would share one.
        const moving = new Set(subtree.map((candidate) => candidate.id));
        const directories = new Map(
          folders
            .filter((candidate) => !moving.has(candidate.id))
            .map((candidate) => [folderDirectoryName(candidate.path).toLowerCase(), candidate]),
        );
        for (const move of moves) {
          const clash = directories.get(folderDirectoryName(move.to).toLowerCase());
          if (clash !== undefined) {
            throw new LetterboxError(
              'already-exists',
              `"${name.trim()}" cannot be used here: Local Folders would keep it in the same directory as the folder "${clash.path}". Choose another name.`,
            );
          }
        }
        await requireIdle(folder, subtree);
        await store.folderPaths.renamed(folder.accountId, folder.path, newPath, LOCAL_DELIMITER, name.trim());
        crashPoint('store-commit');
        await local.moveFolderDirectories(moves);
        await changed(subtree.map((candidate) => candidate.id));
      }),
    delete: (asked, confirmation) =>
      serialized(async () => {
        const { folder, folders } = await current(asked);
        const deletion = localFolderDeletion(folder, folders);
        if (deletion.kind === 'refused') refuse(deletion.reason);
        if (deletion.subfolders > 0 && !confirmation.withSubfolders) {
          refuse(
            `"${folder.name}" holds ${deletion.subfolders === 1 ? '1 subfolder' : `${deletion.subfolders} subfolders`}, which would be deleted with it. Confirm to delete them too.`,
          );
        }
        if (deletion.kind === 'permanent' && !confirmation.permanently) {
          refuse(`"${folder.name}" is in Trash: deleting it deletes its messages for good. Confirm to delete them permanently.`);
        }
        const subtree = subtreeOf(folder, folders);
        const ids = subtree.map((candidate) => candidate.id);
        const paths = subtree.map((candidate) => candidate.path);
        await requireIdle(folder, subtree);
        if (deletion.kind === 'permanent') {
          await changes.deleteAll(ids, ids);
          await local.settleFolders(paths, 'discard');
          await changed(ids);
          return;
        }
        const trashId = (await local.account()).trashId;
        if (trashId === null)
          throw new LetterboxError(
            'storage',
            'Local Folders have no Trash to move the messages into. Restore the store from a backup.',
          );
        await changes.moveAllAndRemove(ids, trashId);
        await local.settleFolders(paths, 'keep');
        await changed([...ids, trashId]);
      }),
    emptyTrash: (asked) =>
      serialized(async () => {
        const { folder, folders } = await current(asked);
        if (folder.id !== (await local.account()).trashId) refuse('Only the Trash of Local Folders can be emptied this way.');
        const subtree = subtreeOf(folder, folders);
        const inside = subtree.filter((candidate) => candidate.id !== folder.id);
        await requireIdle(folder, subtree);
        const removed = await changes.deleteAll(
          subtree.map((candidate) => candidate.id),
          inside.map((candidate) => candidate.id),
        );
        await local.removeUnlisted(folder.path, removed);
        await local.settleFolders(
          inside.map((candidate) => candidate.path),
          'discard',
        );
        await changed(subtree.map((candidate) => candidate.id));
      }),
  };
}
