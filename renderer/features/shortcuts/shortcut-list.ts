// The app's single-key shortcuts (Gmail's and Thunderbird's keys), listed once for the sheet
// and for the handler. Commands another feature carries out travel as DOM events
// ('letterbox:compose' …), so no feature imports another: the composer and the reader
// listen for theirs.
export type GlobalCommand = 'show-shortcuts' | 'focus-search' | 'compose' | 'reply' | 'reply-all' | 'forward';

export type ShortcutEntry = { readonly keys: string; readonly description: string };

// Shown in the sheet, grouped; the list's own keys live in features/message-list.
export const SHORTCUT_GROUPS: readonly { readonly title: string; readonly entries: readonly ShortcutEntry[] }[] = [
  {
    title: 'Anywhere',
    entries: [
      { keys: '?', description: 'Show these shortcuts' },
      { keys: '/', description: 'Search mail' },
      { keys: 'c', description: 'New message' },
    ],
  },
  {
    title: 'Message list',
    entries: [
      { keys: 'j / ↓', description: 'Next message' },
      { keys: 'k / ↑', description: 'Previous message' },
      { keys: 'Enter', description: 'Open the selected message' },
      { keys: 'e', description: 'Archive' },
      { keys: '#', description: 'Delete' },
      { keys: 's', description: 'Flag or unflag' },
      { keys: 'u', description: 'Mark as unread (as read when some are unread)' },
      { keys: 'Ctrl+A', description: 'Select all' },
      { keys: '→ / ←', description: 'Open or close a conversation (Conversations view)' },
    ],
  },
  {
    title: 'Open message',
    entries: [
      { keys: 'r', description: 'Reply' },
      { keys: 'a', description: 'Reply all' },
      { keys: 'f', description: 'Forward' },
    ],
  },
];

// The DOM event each command that another feature carries out is sent as, on window.
export const COMMAND_EVENTS: Readonly<Partial<Record<GlobalCommand, string>>> = {
  compose: 'letterbox:compose',
  reply: 'letterbox:reply',
  'reply-all': 'letterbox:reply-all',
  forward: 'letterbox:forward',
};

export type KeyPress = {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  // True when the key goes to a text field (input, textarea, select, contenteditable).
  readonly inTextField: boolean;
};

export function globalCommandFor(press: KeyPress): GlobalCommand | null {
  if (press.inTextField || press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case '?':
      return 'show-shortcuts';
    case '/':
      return 'focus-search';
    case 'c':
      return 'compose';
    case 'r':
      return 'reply';
    case 'a':
      return 'reply-all';
    case 'f':
      return 'forward';
    default:
      return null;
  }
}
