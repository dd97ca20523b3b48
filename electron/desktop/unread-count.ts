// The unread count shown in the window title and on the app's badge (dock, taskbar,
// launcher). Only inboxes count, as in most mail apps: a busy list folder or Junk would
// otherwise keep the badge permanently high and stop it meaning "mail for you".
import type { Account, Folder } from '../../shared/domain.ts';
import type { Result } from '../../shared/errors.ts';

export const appTitle = 'Letterbox';

export function unreadInboxCount(folders: readonly Pick<Folder, 'role' | 'unreadCount'>[]): number {
  let total = 0;
  for (const folder of folders) {
    if (folder.role !== 'inbox') continue;
    if (Number.isSafeInteger(folder.unreadCount) && folder.unreadCount > 0) total += folder.unreadCount;
  }
  return total;
}

export function windowTitle(unread: number): string {
  return unread > 0 ? `${appTitle} — ${unread} unread` : appTitle;
}

type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>;

// Every account's folders, through the same service requests the window makes. An
// account whose folders cannot be listed just adds nothing.
export async function listAllFolders(dispatch: Dispatch): Promise<readonly Folder[]> {
  const accounts = await dispatch('listAccounts', {});
  if (!accounts.ok) return [];
  const lists = await Promise.all(
    (accounts.value as readonly Account[]).map(async (account) => {
      const folders = await dispatch('listFolders', { accountId: account.id });
      return folders.ok ? (folders.value as readonly Folder[]) : [];
    }),
  );
  return lists.flat();
}

// Recounts when asked, one count at a time: a burst of change events during a sync
// leads to at most one more count after the one running, never a pile of them.
export function createUnreadCounter(count: () => Promise<number>, show: (unread: number) => void, logError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  let shown: number | null = null;
  // Read through a function: the compiler cannot see refresh() set it during the await.
  const requestedAgain = (): boolean => again;
  async function run(): Promise<void> {
    running = true;
    try {
      do {
        again = false;
        const unread = await count();
        if (unread !== shown) {
          shown = unread;
          show(unread);
        }
      } while (requestedAgain());
    } catch (error) {
      logError(error);
    } finally {
      running = false;
    }
  }
  return function refresh() {
    if (running) {
      again = true;
      return;
    }
    void run();
  };
}
