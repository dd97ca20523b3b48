// The beginExport channel: a folder as mbox or a message as .eml, streamed by main to a file
// the user picks (Electron's save dialog) or offered as a one-time download from the
// browser-mode server. No file's bytes and no path cross the contract (docs/decisions.md,
// "Export streams to a file").
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const beginExportSchema = z.union([z.object({ folderId: id }).strict(), z.object({ messageId: id }).strict()]);

export type BeginExportArgs = z.infer<typeof beginExportSchema>;

export type ExportOutcome =
  // Written, fsynced and renamed into place: fileName is the name the user chose (no directory).
  | { readonly kind: 'saved'; readonly fileName: string; readonly messageCount: number; readonly bytes: number }
  // The user closed the save dialog: nothing was written.
  | { readonly kind: 'cancelled' }
  // Browser mode: the page opens downloadPath (with its access token) once, within a minute;
  // an exportDownloadEnded event with the same downloadId says how it ended.
  | {
      readonly kind: 'download';
      readonly downloadId: string;
      readonly downloadPath: string;
      readonly fileName: string;
      readonly messageCount: number;
    };
