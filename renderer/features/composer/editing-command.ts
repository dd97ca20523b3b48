// The browser's own editing commands on the composer's contenteditable. execCommand is
// deprecated with no replacement yet (https://w3c.github.io/editing/docs/execCommand/), and
// it keeps the editor's undo history, which hand-made DOM edits would break; Chromium, and
// so Electron, implement it fully.
export type EditingCommand = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList' | 'createLink' | 'defaultParagraphSeparator';

export function runEditingCommand(command: EditingCommand, value?: string): void {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above: no replacement keeps undo.
  document.execCommand(command, false, value);
}

export function commandActive(command: 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList'): boolean {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above.
  return document.queryCommandState(command);
}
