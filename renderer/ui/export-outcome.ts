import type { ExportOutcome } from '../../shared/local/begin-export.ts';
import { tokenFromHash } from '../api/ws-protocol.ts';
import { formatSize } from './format-size.ts';

// Where a browser-mode export is fetched: the path main gave, with the page's own access
// token (the same one its WebSocket presents); null without a token.
export function exportDownloadHref(downloadPath: string, hash: string): string | null {
  const token = tokenFromHash(hash);
  return token === null ? null : `${downloadPath}?token=${encodeURIComponent(token)}`;
}

// What the page says after an export: main wrote the file (Electron), the user cancelled, or
// the browser downloads it as main streams it (browser mode). The page never holds its bytes.
export function exportNote(outcome: ExportOutcome): string | null {
  if (outcome.kind !== 'saved') return null;
  const messages = outcome.messageCount === 1 ? '1 message' : `${outcome.messageCount.toLocaleString()} messages`;
  return `Saved "${outcome.fileName}" (${messages}, ${formatSize(outcome.bytes)}).`;
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
