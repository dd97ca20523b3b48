import { LetterboxError } from '../../shared/errors.ts';
import type { Store } from '../store/store.ts';
import type { SyncSupervisor } from '../sync/sync-supervisor.ts';
import type { Handlers } from './service-types.ts';

type SyncHandlerNames = 'setViewedFolder' | 'setWorkOffline' | 'getWorkOffline' | 'getCheckInterval' | 'setCheckInterval';

// The contract's sync channels, over the supervisor that decides when to sync.
// closeInteractive ends the connections the sync does not own (opening a message), so
// "Work offline" leaves none open.
export function createSyncHandlers(
  store: Store,
  supervisor: SyncSupervisor,
  closeInteractive: () => Promise<void>,
): Pick<Handlers, SyncHandlerNames> {
  async function requireAccount(accountId: string): Promise<void> {
    if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
  }
  return {
    async setViewedFolder({ folderId }) {
      if (folderId !== null && !(await store.folders.get(folderId))) {
        throw new LetterboxError('not-found', 'That folder no longer exists.');
      }
      await supervisor.setViewedFolder(folderId);
      return null;
    },
    async setWorkOffline({ offline }) {
      await supervisor.setWorkOffline(offline);
      if (offline) await closeInteractive();
      return { offline: await supervisor.isWorkingOffline() };
    },
    async getWorkOffline() {
      return { offline: await supervisor.isWorkingOffline() };
    },
    async getCheckInterval({ accountId }) {
      await requireAccount(accountId);
      return { seconds: await store.sync.checkIntervalSeconds(accountId) };
    },
    async setCheckInterval({ accountId, seconds }) {
      await requireAccount(accountId);
      await store.sync.setCheckIntervalSeconds(accountId, seconds);
      supervisor.rescheduleCheck(accountId);
      return null;
    },
  };
}

// Manual syncs are refused while working offline, with what to do instead.
export async function refuseWhileOffline(supervisor: SyncSupervisor): Promise<void> {
  if (await supervisor.isWorkingOffline()) {
    throw new LetterboxError('network', 'Letterbox is working offline. Turn off "Work offline" in the status bar to sync.');
  }
}
