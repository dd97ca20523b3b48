// Why a browser-mode export download was broken off, said for the page that started it (the
// exportDownloadEnded event goes to every connected page): what failed, in the words of the
// error when it is one of ours, and how far the download got. No path: a page names things by
// id, and an export's reason has no use for where Letterbox keeps its files.
import { LetterboxError } from '../../shared/errors.ts';

// The response closed before the export was written: the user cancelled it in the browser,
// or the connection dropped.
export class DownloadStoppedError extends Error {
  constructor() {
    super('The browser stopped the download');
    this.name = 'DownloadStoppedError';
  }
}

// written: messages whole in the response before it failed (one sink write each).
export type DownloadProgress = { readonly written: number; readonly messageCount: number };

export function exportFailureReason(error: unknown, progress: DownloadProgress): string {
  const where =
    progress.messageCount > 1
      ? ` The download stopped after ${progress.written.toLocaleString('en-US')} of ${progress.messageCount.toLocaleString('en-US')} messages.`
      : '';
  return `${failureCause(error)}${where}`;
}

function failureCause(error: unknown): string {
  if (error instanceof DownloadStoppedError)
    return 'The browser stopped the download before it finished (it was cancelled, or the connection closed).';
  if (error instanceof LetterboxError) return withoutPaths(error.message);
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code))
    return `A message could not be read from this computer's store (${code}).`;
  return 'Something went wrong inside Letterbox while writing the export.';
}

// An absolute path (POSIX, or Windows with a drive letter) standing as a word of the text,
// without a sentence's closing punctuation.
const absolutePath = /(^|[\s"'(])((?:[A-Za-z]:\\|\/)[^\s"')]*?)([.,;:]?)(?=[\s"')]|$)/g;

export function withoutPaths(text: string): string {
  return text.replace(
    absolutePath,
    (_match, before: string, _path: string, after: string) => `${before}Letterbox's folder on this computer${after}`,
  );
}
