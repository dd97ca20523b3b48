// What a burst of NOTIFY notices (electron/imap/notify-types.ts) asks of sync: which folders
// to resync, and whether the folder list itself must be read again.
import type { MailboxStatus } from '../imap/notify-responses.ts';
import type { NotifyNotice } from '../imap/notify-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import { foldersToSync, isInbox } from './folder-order.ts';

export type NotifiedSyncs = {
  // A folder was created, renamed, deleted or (un)subscribed, a notice named a folder not
  // in the store, counts of a folder whose headers are not kept changed, or the server
  // gave up notifying: the account's LIST-STATUS sync brings all of it in.
  readonly account: boolean;
  readonly folderIds: readonly string[];
};

export type NotifiedSyncContext = {
  readonly folders: readonly StoredFolder[];
  readonly viewedFolderId: string | null;
  // True for a folder an IDLE connection watches right now: it hears of its own changes.
  readonly isIdled: (folderId: string) => boolean;
};

// RFC 3501 5.1: INBOX is one name in any case.
function pathKey(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'INBOX' : path;
}

// The state a STATUS reports is the one the store already has: nothing to do. NOTIFY also
// reports our own syncs' and actions' effects, and each connection's first burst (the
// STATUS indicator) names every folder, so most notices end here.
export function matchesStore(folder: StoredFolder, status: MailboxStatus, headersKept: boolean): boolean {
  const same = <T>(reported: T | undefined, stored: T | null): boolean => reported === undefined || reported === stored;
  const counts = same(status.messages, folder.totalCount) && same(status.unseen, folder.unreadCount);
  if (!headersKept) return counts;
  return counts && same(status.uidValidity, folder.uidValidity) && same(status.uidNext, folder.uidNext) && same(status.highestModseq, folder.highestModseq);
}

export function planNotifiedSyncs(notices: readonly NotifyNotice[], context: NotifiedSyncContext): NotifiedSyncs {
  const byPath = new Map(context.folders.map((folder) => [pathKey(folder.path), folder]));
  const kept = new Set(foldersToSync(context.folders).map((folder) => folder.id));
  const folderIds = new Set<string>();
  let account = false;
  for (const notice of notices) {
    if (notice.kind === 'snapshot') {
      const named = new Set(notice.paths.map(pathKey));
      if (context.folders.some((folder) => folder.selectable && !named.has(pathKey(folder.path)))) account = true;
      continue;
    }
    if (notice.kind !== 'status') {
      account = true;
      continue;
    }
    const folder = byPath.get(pathKey(notice.path));
    if (folder === undefined) {
      account = true;
      continue;
    }
    if (!folder.selectable || context.isIdled(folder.id)) continue;
    const headersKept = kept.has(folder.id) || folder.id === context.viewedFolderId || isInbox(folder);
    if (matchesStore(folder, notice.status, headersKept)) continue;
    if (headersKept) folderIds.add(folder.id);
    else account = true;
  }
  return { account, folderIds: [...folderIds] };
}
