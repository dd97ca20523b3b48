// The message list's single-key commands (as in Gmail and Thunderbird), over the selected
// messages: e archive, # delete, s flag or unflag, u mark unread.
export type ListCommand = 'archive' | 'delete' | 'toggle-flag' | 'mark-unread';

export function listCommandFor(key: string): ListCommand | null {
  switch (key) {
    case 'e':
      return 'archive';
    case '#':
      return 'delete';
    case 's':
      return 'toggle-flag';
    case 'u':
      return 'mark-unread';
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

// Ctrl+click: toggles one message in or out of the selection.
export function toggled(selected: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
