// The page's side of an import (shared/local/import-schemas.ts): the files the user picked
// read a chunk at a time and sent in order, with progress, and a way to stop. Shared so
// tests drive the service exactly as the page does.
import type { LetterboxApi } from '../api.ts';
import type { Result } from '../errors.ts';
import { importChunkBytes } from './import-schemas.ts';

// A File in the page; a Blob with a name in tests.
export type ImportSource = {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
};

export type ImportUploadProgress = {
  readonly fileName: string;
  readonly sentBytes: number;
  readonly totalBytes: number;
  readonly imported: number;
};

export type ImportUploadReport = { readonly imported: number; readonly cancelled: boolean };

export type ImportUploadOptions = {
  readonly mboxFormat?: 'mboxrd' | 'mboxo';
  readonly onProgress?: (progress: ImportUploadProgress) => void;
  // Asked before each chunk: true stops the import there (what was imported stays).
  readonly cancelled?: () => boolean;
};

// Pages and Node both have btoa; shared/ is typed with neither's globals.
const { btoa } = globalThis as unknown as { readonly btoa: (binary: string) => string };

type WithToBase64 = Uint8Array & { readonly toBase64?: () => string };

// The engine's own encoder where it has one (Chromium does; Node 24 does not). Otherwise in
// slices, since fromCharCode with millions of arguments overflows the stack, and by apply
// rather than spread: spreading 32K bytes cost Node 87 ms a chunk, apply 11 ms.
export function bytesAsBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const slices: string[] = [];
  for (let start = 0; start < bytes.length; start += 0x2000) {
    slices.push(String.fromCharCode.apply(null, bytes.subarray(start, start + 0x2000) as unknown as number[]));
  }
  return btoa(slices.join(''));
}

export async function uploadImport(
  api: Pick<LetterboxApi, 'invoke'>,
  folderId: string,
  files: readonly ImportSource[],
  options: ImportUploadOptions = {},
): Promise<Result<ImportUploadReport>> {
  const begun = await api.invoke('beginImport', { folderId, ...(options.mboxFormat === undefined ? {} : { mboxFormat: options.mboxFormat }) });
  if (!begun.ok) return begun;
  const { importId } = begun.value;
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  let sentBytes = 0;
  let imported = 0;
  for (const [index, file] of files.entries()) {
    const fileName = file.name === '' ? 'message.eml' : file.name;
    // An empty file is still sent once, so the import knows it ended.
    for (let start = 0; start === 0 || start < file.size; start += importChunkBytes) {
      if (options.cancelled?.() === true) {
        const ended = await api.invoke('endImport', { importId, cancel: true });
        return ended.ok ? { ok: true, value: { imported: ended.value.imported, cancelled: true } } : ended;
      }
      const end = Math.min(file.size, start + importChunkBytes);
      const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
      const sent = await api.invoke('importChunk', { importId, file: index, fileName, base64: bytesAsBase64(bytes), endOfFile: end >= file.size });
      if (!sent.ok) {
        // Frees main's side if it still holds it; the chunk's own error is the one to show.
        await api.invoke('endImport', { importId, cancel: true });
        return sent;
      }
      sentBytes += end - start;
      imported = sent.value.imported;
      options.onProgress?.({ fileName, sentBytes, totalBytes, imported });
    }
  }
  const ended = await api.invoke('endImport', { importId });
  return ended.ok ? { ok: true, value: { imported: ended.value.imported, cancelled: false } } : ended;
}
