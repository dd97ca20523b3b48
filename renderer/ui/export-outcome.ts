import type { ExportOutcome } from '../../shared/local/begin-export.ts';
import type { ExportDownloadEnded } from '../../shared/local/export-download-ended.ts';
import { assertNever } from '../../shared/errors.ts';
import { tokenFromHash } from '../api/ws-protocol.ts';
import { formatSize } from './format-size.ts';

// Where a browser-mode export is fetched: the path main gave, with the page's own access
// token (the same one its WebSocket presents); null without a token.
export function exportDownloadHref(downloadPath: string, hash: string): string | null {
  const token = tokenFromHash(hash);
  return token === null ? null : `${downloadPath}?token=${encodeURIComponent(token)}`;
}

function messages(count: number): string {
  return count === 1 ? '1 message' : `${count.toLocaleString()} messages`;
}

// What the page says after an export: main wrote the file (Electron), the user cancelled, or
// the browser downloads it as main streams it (browser mode, until exportDownloadEnded says
// how that ended). The page never holds its bytes.
export function exportNote(outcome: ExportOutcome): string | null {
  if (outcome.kind === 'download') return `Downloading "${outcome.fileName}" (${messages(outcome.messageCount)})…`;
  if (outcome.kind !== 'saved') return null;
  return `Saved "${outcome.fileName}" (${messages(outcome.messageCount)}, ${formatSize(outcome.bytes)}).`;
}

// What the page shows where the export was started: a note (role status) or an alert.
export type ExportView =
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'alert'; readonly title: string; readonly message: string; readonly action: string };

// How a browser-mode download ended, told for the file the page asked for.
export function exportEndedView(fileName: string, ended: ExportDownloadEnded): ExportView {
  switch (ended.kind) {
    case 'finished':
      return { kind: 'note', text: `Downloaded "${fileName}" (${messages(ended.messageCount)}, ${formatSize(ended.bytes)}).` };
    case 'failed':
      return {
        kind: 'alert',
        title: `"${fileName}" was not downloaded in full.`,
        message: ended.reason,
        action: 'Your browser marks the download as failed; export again to get the whole file.',
      };
    case 'expired':
      return {
        kind: 'alert',
        title: `"${fileName}" was not downloaded.`,
        message: 'Its download link was not opened within a minute, so it expired.',
        action: 'Export again.',
      };
    default:
      return assertNever(ended);
  }
}

// Follows a download outcome with a temporary link, so the browser saves the response itself.
export function followExport(outcome: ExportOutcome): void {
  if (outcome.kind !== 'download') return;
  const href = exportDownloadHref(outcome.downloadPath, window.location.hash);
  if (href === null) return;
  const link = document.createElement('a');
  link.href = href;
  link.download = outcome.fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
