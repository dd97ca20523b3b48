// An export written to the path the user chose: into a temp file beside it, fsynced, then
// renamed over it and the directory fsynced (as write-file-atomically.ts does), so the
// destination holds either what it held before or the whole export, never part of one.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LetterboxError } from '../../shared/errors.ts';
import { isDiskFull } from './disk-write-error.ts';
import type { ExportSink } from './export-writer.ts';
import { syncDirectory } from './maildir-files.ts';

export type ExportFileWriter = (sink: ExportSink) => Promise<number>;

export async function writeExportFile(destination: string, write: ExportFileWriter): Promise<number> {
  const directory = dirname(destination);
  const temp = join(directory, `.${basename(destination)}.${randomBytes(6).toString('hex')}.part`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    let bytes: number;
    try {
      bytes = await write({
        async write(chunk) {
          // FileHandle.write may take fewer bytes than given.
          for (let at = 0; at < chunk.length; ) at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
        },
      });
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, destination);
    await syncDirectory(directory);
    return bytes;
  } catch (error) {
    await rm(temp, { force: true });
    throw exportFileError(error, basename(destination));
  }
}

// A LetterboxError (the message is gone, the server unreachable) says itself; a disk's error
// is told with what it means for the destination.
export function exportFileError(error: unknown, fileName: string): unknown {
  if (error instanceof LetterboxError) return error;
  if (isDiskFull(error)) {
    return new LetterboxError('storage', `The disk is full: "${fileName}" was not saved, and nothing partial was left. Free some space, then export again.`);
  }
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new LetterboxError('storage', `Letterbox may not write in that folder: "${fileName}" was not saved. Choose another place.`);
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new LetterboxError('storage', `That folder no longer exists: "${fileName}" was not saved. Choose another place.`);
  }
  if (code !== undefined) {
    return new LetterboxError('storage', `"${fileName}" could not be written (${code}), and nothing partial was left. Choose another place or try again.`);
  }
  return error;
}
