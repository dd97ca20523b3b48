// The message list's single-key commands (as in Gmail and Thunderbird), over the selected
// messages: e archive, # delete, s flag or unflag, u mark unread, or read when
// some are unread already.
export type ListCommand = 'archive' | 'delete' | 'toggle-flag' | 'toggle-read';

export function listCommandFor(key: string): ListCommand | null {
  switch (key) {
    case 'e':
      return 'archive';
    case '#':
      return 'delete';
    case 's':
      return 'toggle-flag';
    case 'u':
      return 'toggle-read';
    default:
      return null;
  }
}

// Shift+click: every row from the anchor to the clicked one, in either direction.
export function rangeIndexes(anchor: number, index: number): readonly number[] {
  const from = Math.min(anchor < 0 ? index : anchor, index);
  const to = Math.max(anchor < 0 ? index : anchor, index);
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}

// Ctrl+click: toggles one row in or out of the selection (keyed by its message id).
export function toggled<T extends { readonly messageId: string }>(selected: ReadonlyMap<string, T>, row: T): ReadonlyMap<string, T> {
  const next = new Map(selected);
  if (next.has(row.messageId)) next.delete(row.messageId);
  else next.set(row.messageId, row);
  return next;
}
