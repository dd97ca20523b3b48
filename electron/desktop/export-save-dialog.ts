// Where an export goes in Electron: the system's save dialog, opened on the suggested safe
// name in the Downloads folder; main.ts only passes Electron's dialog in.
import { extname, isAbsolute, join } from 'node:path';

export type SaveDialogRequest = {
  readonly title: string;
  readonly defaultPath: string;
  readonly buttonLabel: string;
  readonly filters: { name: string; extensions: string[] }[];
  readonly properties: ('createDirectory' | 'showOverwriteConfirmation')[];
};

export type SaveDialogAnswer = { readonly canceled: boolean; readonly filePath?: string | undefined };

const kinds: Readonly<Record<string, string>> = { '.mbox': 'Mailbox (mbox)', '.eml': 'Email message' };

export function exportSaveDialogRequest(suggestedFileName: string, directory: string): SaveDialogRequest {
  const extension = extname(suggestedFileName);
  const kind = kinds[extension];
  return {
    title: extension === '.eml' ? 'Save message' : 'Export folder',
    defaultPath: join(directory, suggestedFileName),
    buttonLabel: 'Save',
    filters: [...(kind === undefined ? [] : [{ name: kind, extensions: [extension.slice(1)] }]), { name: 'All files', extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

// The path to write, or null when the user cancelled (or the dialog gave nothing usable).
export function chosenExportPath(answer: SaveDialogAnswer): string | null {
  if (answer.canceled || answer.filePath === undefined || answer.filePath === '' || !isAbsolute(answer.filePath)) return null;
  return answer.filePath;
}

export async function chooseExportDestination(
  showSaveDialog: (request: SaveDialogRequest) => Promise<SaveDialogAnswer>,
  directory: string,
  suggestedFileName: string,
): Promise<string | null> {
  return chosenExportPath(await showSaveDialog(exportSaveDialogRequest(suggestedFileName, directory)));
}
