import type { RemoteFolder } from '../imap/imap-types.ts';
import type { Store } from '../store/store.ts';

// The Local Folders account's folder list, kept by the store alone (no server lists it).
// New folders are added through replaceFromServer with the whole current list, which
// drops any folder missing from it: the list is read and written back with nothing but
// microtasks between, so no other change can slip in.
export type LocalFolderTree = {
  listing(accountId: string): Promise<readonly RemoteFolder[]>;
  // Adds the folders and their parents that are not there yet; the ids of every path asked.
  add(accountId: string, paths: readonly string[]): Promise<ReadonlyMap<string, string>>;
};

function parentOf(path: string): string | null {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : null;
}

export function createLocalFolderTree(store: Store): LocalFolderTree {
  async function listing(accountId: string): Promise<readonly RemoteFolder[]> {
    return (await store.folders.listByAccount(accountId)).map((folder) => ({
      ...folder,
      parentPath: parentOf(folder.path),
      messages: folder.totalCount,
      unseen: folder.unreadCount,
    }));
  }

  return {
    listing,
    async add(accountId, paths) {
      const existing = await listing(accountId);
      const known = new Set(existing.map((folder) => folder.path));
      const wanted = new Set<string>();
      for (const path of paths) {
        for (let at: string | null = path; at !== null; at = parentOf(at)) wanted.add(at);
      }
      const added = [...wanted].filter((path) => !known.has(path));
      const { folders } = await store.folders.replaceFromServer(accountId, [
        ...existing,
        ...added.map((path) => ({
          path,
          name: path.slice(path.lastIndexOf('/') + 1),
          delimiter: '/',
          parentPath: parentOf(path),
          role: null,
          subscribed: true,
          selectable: true,
          messages: 0,
          unseen: 0,
        })),
      ]);
      const ids = new Map(folders.map((folder) => [folder.path, folder.id]));
      // A local folder is never synced: its UID state starts here.
      for (const path of added) {
        const id = ids.get(path);
        if (id !== undefined) await store.folders.setSyncState(id, { uidValidity: 1, uidNext: 1, highestModseq: null });
      }
      return ids;
    },
  };
}
