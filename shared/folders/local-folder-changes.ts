// What renaming or deleting a folder of Local Folders may do, decided from the account's
// folder list alone, so main (which enforces it) and the renderer (which asks the user
// first) say the same. Local Folders separate levels with "/" (migration 7).
import type { Folder } from '../domain.ts';
import { folderNameProblem, renamedPath } from './folder-name.ts';

type FolderInTree = Pick<Folder, 'id' | 'path' | 'name' | 'role' | 'totalCount'>;

export const LOCAL_DELIMITER = '/';

// The folder and every folder under it.
export function subtreeOf<F extends FolderInTree>(folder: FolderInTree, folders: readonly F[]): readonly F[] {
  const prefix = `${folder.path}${LOCAL_DELIMITER}`;
  return folders.filter((candidate) => candidate.path === folder.path || candidate.path.startsWith(prefix));
}

function trashOf<F extends FolderInTree>(folders: readonly F[]): F | undefined {
  return folders.find((candidate) => candidate.role === 'trash');
}

function reservedProblem(folder: FolderInTree, folders: readonly FolderInTree[], what: 'renamed' | 'deleted'): string | null {
  if (folder.role === 'inbox') return `The Inbox of Local Folders cannot be ${what}: new and downloaded mail arrives there.`;
  if (folder.id === trashOf(folders)?.id) {
    return what === 'renamed'
      ? 'Trash cannot be renamed: Local Folders put deleted mail there.'
      : 'Trash cannot be deleted: Local Folders put deleted mail there. Use "Empty Trash" to delete what it holds.';
  }
  return null;
}

function parentLabel(path: string): string {
  const cut = path.lastIndexOf(LOCAL_DELIMITER);
  return cut < 0 ? 'Local Folders' : `"${path.slice(0, cut)}"`;
}

export type RenameProblem = { readonly code: 'invalid-argument' | 'already-exists'; readonly message: string };

// Why the folder cannot take this name, or null. Names compare without case: a Maildir may be
// copied to a disk that does not tell "Work" from "work".
export function localRenameProblem(folder: FolderInTree, name: string, folders: readonly FolderInTree[]): RenameProblem | null {
  const refuse = (message: string): RenameProblem => ({ code: 'invalid-argument', message });
  const reserved = reservedProblem(folder, folders, 'renamed');
  if (reserved !== null) return refuse(reserved);
  if (name.includes(LOCAL_DELIMITER)) {
    return refuse(
      `A folder name cannot contain "${LOCAL_DELIMITER}": Local Folders use it to separate a folder from the folders inside it.`,
    );
  }
  const problem = folderNameProblem(name, LOCAL_DELIMITER);
  if (problem !== null) return refuse(problem);
  const path = renamedPath(folder.path, name, LOCAL_DELIMITER).toLowerCase();
  const clash = folders.find((candidate) => candidate.id !== folder.id && candidate.path.toLowerCase() === path);
  if (clash !== undefined)
    return { code: 'already-exists', message: `A folder named "${clash.name}" already exists in ${parentLabel(clash.path)}.` };
  return null;
}

export type LocalFolderDeletion =
  | { readonly kind: 'refused'; readonly reason: string }
  | {
      // 'to-trash': its messages move into Trash; 'permanent': a folder inside Trash, deleted for good.
      readonly kind: 'to-trash' | 'permanent';
      readonly subfolders: number;
      readonly messages: number;
    };

export function localFolderDeletion(folder: FolderInTree, folders: readonly FolderInTree[]): LocalFolderDeletion {
  const reserved = reservedProblem(folder, folders, 'deleted');
  if (reserved !== null) return { kind: 'refused', reason: reserved };
  const subtree = subtreeOf(folder, folders);
  const trash = trashOf(folders);
  const inTrash = trash !== undefined && folder.path.startsWith(`${trash.path}${LOCAL_DELIMITER}`);
  return {
    kind: inTrash ? 'permanent' : 'to-trash',
    subfolders: subtree.length - 1,
    messages: subtree.reduce((sum, candidate) => sum + candidate.totalCount, 0),
  };
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString('en')} ${many}`;
}

// The question put before a delete, and the confirmation main requires for it.
export function localDeletionQuestion(name: string, deletion: Exclude<LocalFolderDeletion, { kind: 'refused' }>): string {
  const what =
    deletion.subfolders > 0 ? `"${name}" and its ${count(deletion.subfolders, 'subfolder', 'subfolders')}` : `"${name}"`;
  const messages = count(deletion.messages, 'message', 'messages');
  return deletion.kind === 'permanent'
    ? `Delete ${what} for good? ${messages} will be deleted permanently; this cannot be undone.`
    : `Delete ${what}? ${deletion.messages === 0 ? 'It holds no messages.' : `${messages} will be moved to Trash.`}`;
}
