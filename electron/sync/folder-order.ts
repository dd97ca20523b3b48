import type { StoredFolder } from '../store/folder-repository.ts';

// The folders whose headers sync fetches, Inbox first: new mail lands there and it is
// what the window shows first. INBOX is synced even when not marked subscribed.
export function foldersToSync(folders: readonly StoredFolder[]): readonly StoredFolder[] {
  const wanted = folders.filter((folder) => folder.selectable && (folder.subscribed || isInbox(folder)));
  return [...wanted.filter(isInbox), ...wanted.filter((folder) => !isInbox(folder))];
}

export function isInbox(folder: StoredFolder): boolean {
  // RFC 3501 5.1: INBOX is case-insensitive.
  return folder.role === 'inbox' || folder.path.toUpperCase() === 'INBOX';
}
