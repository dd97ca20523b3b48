// The disk side of Local Folders: Maildir's delivery protocol (write into tmp/, fsync, then
// rename into cur/) plus a directory fsync, so that a rename survives a power cut too.
import { access, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crashPoint } from '../crash/crash-point.ts';
import { folderDirectoryName } from './maildir-name.ts';

export type MaildirFolder = {
  readonly tmp: string;
  readonly cur: string;
  readonly new: string;
};

export function maildirFolder(root: string, path: string): MaildirFolder {
  const dir = join(root, folderDirectoryName(path));
  return { tmp: join(dir, 'tmp'), cur: join(dir, 'cur'), new: join(dir, 'new') };
}

export async function ensureMaildirFolder(folder: MaildirFolder): Promise<void> {
  await Promise.all([folder.tmp, folder.cur, folder.new].map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));
}

// Tests stand in for a full disk here (ENOSPC can only be had for real on a tiny file
// system, which needs root): the fault, when set, decides the error of each write.
export type WriteFault = (path: string, data: Uint8Array) => NodeJS.ErrnoException | null;
let writeFault: WriteFault | null = null;

export function setWriteFault(fault: WriteFault | null): void {
  writeFault = fault;
}

// Writes the whole file and fsyncs it before closing: after this, the bytes are on disk. A
// write that fails leaves no file behind, so a full disk never leaves a partial message.
export async function writeDurably(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    const fault = writeFault?.(path, data) ?? null;
    if (fault !== null) {
      // Half the bytes reach the file first, as they would before the disk filled up.
      await handle.write(data.subarray(0, Math.floor(data.length / 2)));
      throw fault;
    }
    await handle.writeFile(data);
    crashPoint('file-written');
    await handle.sync();
    crashPoint('fsync');
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
}

// fsync of a directory makes the names created or renamed in it durable (POSIX leaves a
// rename's durability to it). Windows cannot open a directory for this; NTFS journals names.
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function renameFile(from: string, to: string): Promise<void> {
  await rename(from, to);
  crashPoint('rename');
}

export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

export async function listIfExists(dir: string): Promise<readonly string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
