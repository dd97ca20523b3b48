// Whole Maildir++ folders on disk, for renaming and deleting local folders
// (electron/local/local-folder-changes.ts). Each folder is one directory ".A.B" directly
// under the root, so a folder and its subfolders are siblings, never nested.
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ensureMaildirFolder,
  isMissing,
  listIfExists,
  removeIfExists,
  renameFile,
  syncDirectory,
  type MaildirFolder,
} from './maildir-files.ts';

export const maildirParts = ['cur', 'new', 'tmp'] as const;
const parts = maildirParts;

// The folder kept in the directory of this name under the root.
export function maildirFolderAt(root: string, directoryName: string): MaildirFolder {
  const dir = join(root, directoryName);
  return { tmp: join(dir, 'tmp'), cur: join(dir, 'cur'), new: join(dir, 'new') };
}

function folderDir(folder: MaildirFolder): string {
  return join(folder.cur, '..');
}

// The folder directories on disk: every ".Name" directory under the root, whether the
// store still names it or not (a rename or delete a crash interrupted leaves one behind).
export async function maildirDirectoryNames(root: string): Promise<readonly string[]> {
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('.') && entry.name !== '.' && entry.name !== '..')
      .map((entry) => entry.name);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function identity(path: string): Promise<string | null> {
  try {
    const found = await stat(path);
    return `${found.dev}:${found.ino}`;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

// Moves a folder's directory to its new name. Where the new one exists already (a read
// between the store's commit and this move put a file there, or the move is being finished
// after a crash) the files are moved one by one and the emptied directory removed. Safe to
// run again at any point: a file is always in one of the two places.
export async function moveMaildirFolder(from: MaildirFolder, to: MaildirFolder): Promise<void> {
  const source = folderDir(from);
  const target = folderDir(to);
  const sourceId = await identity(source);
  if (sourceId === null) return;
  const targetId = await identity(target);
  // The same directory under another spelling: a change of case on a case-insensitive disk.
  if (targetId === null || targetId === sourceId) {
    await renameFile(source, target);
    return;
  }
  await ensureMaildirFolder(to);
  for (const part of parts) {
    const names = await listIfExists(from[part]);
    if (names.length === 0) continue;
    for (const name of names) {
      try {
        await renameFile(join(from[part], name), join(to[part], name));
      } catch (error) {
        // A read moved it already (local-folders.ts, locate).
        if (!isMissing(error)) throw error;
      }
    }
    await syncDirectory(to[part]);
  }
  await removeMaildirFolder(from, 'if-empty');
}

// Removes a folder's directory. 'if-empty' keeps it when cur/ or new/ still hold a file
// (one the store does not know is never deleted here); tmp/ is scratch (Maildir) and goes.
// 'everything' is for a folder deleted for good, whose files the store no longer lists.
export async function removeMaildirFolder(folder: MaildirFolder, mode: 'if-empty' | 'everything'): Promise<boolean> {
  const dir = folderDir(folder);
  if (mode === 'everything') {
    await rm(dir, { recursive: true, force: true });
    return true;
  }
  for (const name of await listIfExists(folder.tmp)) await removeIfExists(join(folder.tmp, name));
  if ((await listIfExists(folder.cur)).length > 0 || (await listIfExists(folder.new)).length > 0) return false;
  for (const part of parts) await removeEmptyDirectory(folder[part]);
  return removeEmptyDirectory(dir);
}

async function removeEmptyDirectory(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (error) {
    if (isMissing(error)) return true;
    if (error instanceof Error && 'code' in error && (error as NodeJS.ErrnoException).code === 'ENOTEMPTY') return false;
    throw error;
  }
}
