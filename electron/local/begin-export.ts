// The beginExport channel: where an export goes depends on the transport. Electron asks the
// user for a file (a save dialog, shown by main) and the export is streamed there; browser
// mode has no dialog, so the export waits as a one-time download from its loopback server.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { BeginExportArgs, ExportOutcome } from '../../shared/local/begin-export.ts';
import type { ExportDownloadEnded } from '../../shared/local/export-download-ended.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { exportDownloadPath, type ExportDownloads } from './export-downloads.ts';
import { writeExportFile } from './export-file.ts';
import type { ExportPlan } from './export-writer.ts';

export type ExportTarget =
  // The path the user chose for the suggested name; null when the dialog was cancelled.
  | { readonly kind: 'save-dialog'; readonly chooseDestination: (suggestedFileName: string) => Promise<string | null> }
  | { readonly kind: 'download'; readonly downloads: ExportDownloads };

// reportDownload: how each browser-mode download ended (the exportDownloadEnded event).
export function createBeginExport(
  planExport: (what: BeginExportArgs) => Promise<ExportPlan>,
  target: ExportTarget | undefined,
  reportDownload: (ended: ExportDownloadEnded) => void,
) {
  return async (what: BeginExportArgs): Promise<ExportOutcome> => {
    if (target === undefined) throw new LetterboxError('invalid-argument', 'Exporting to a file is not available here.');
    const plan = await planExport(what);
    if (target.kind === 'download') {
      // Its own id, not the link's: the event goes to every connected page.
      const downloadId = randomUUID();
      const linkId = target.downloads.offer(plan, (end) => {
        reportDownload({ downloadId, ...end });
      });
      return { kind: 'download', downloadId, downloadPath: exportDownloadPath(linkId), fileName: plan.fileName, messageCount: plan.messageCount };
    }
    const destination = await target.chooseDestination(plan.fileName);
    if (destination === null) return { kind: 'cancelled' };
    const bytes = await writeExportFile(destination, (sink) => plan.write(sink));
    return { kind: 'saved', fileName: basename(destination), messageCount: plan.messageCount, bytes };
  };
}
