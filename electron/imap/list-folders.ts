import type { ImapFlow, ListResponse } from 'imapflow';
import type { RemoteFolder } from './imap-types.ts';
import { folderRole } from './folder-role.ts';
import { syncStatusQuery, toFolderStatus } from './folder-status.ts';

// RFC 3501 7.2.2 \Noselect and RFC 5258 \NonExistent: listed for the hierarchy only.
function isSelectable(flags: ReadonlySet<string>): boolean {
  for (const flag of flags) {
    const lower = flag.toLowerCase();
    if (lower === '\\noselect' || lower === '\\nonexistent') return false;
  }
  return true;
}

export function toRemoteFolder(entry: ListResponse): RemoteFolder {
  const parentPath = entry.parentPath === '' ? null : entry.parentPath;
  const selectable = isSelectable(entry.flags);
  const status = selectable ? entry.status : undefined;
  const flags =
    entry.specialUse !== undefined && entry.specialUseSource === 'extension' ? [...entry.flags, entry.specialUse] : [...entry.flags];
  return {
    path: entry.path,
    // RFC 3501 5.1: INBOX is case-insensitive and servers spell it variously; people call it Inbox.
    name: entry.path.toUpperCase() === 'INBOX' ? 'Inbox' : entry.name,
    delimiter: entry.delimiter === '' ? null : entry.delimiter,
    parentPath,
    role: folderRole({ path: entry.path, name: entry.name, parentPath, flags }),
    // imapflow types it boolean but leaves it undefined for folders that are not subscribed.
    subscribed: (entry.subscribed as boolean | undefined) === true,
    selectable,
    ...toFolderStatus(status),
  };
}

// One LIST ... RETURN (SUBSCRIBED STATUS (...)) where the server has LIST-STATUS (RFC 5819);
// imapflow falls back to STATUS per folder where it does not.
export async function listFolders(client: ImapFlow): Promise<readonly RemoteFolder[]> {
  const entries = await client.list({ statusQuery: syncStatusQuery });
  return entries.map(toRemoteFolder);
}
