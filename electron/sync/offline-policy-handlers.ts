import { LetterboxError } from '../../shared/errors.ts';
import type { Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

// The contract's offline policy channels. A new policy takes effect at once: `resync`
// starts a sync of the account, whose background download fetches what it now asks for.
export function createOfflinePolicyHandlers(
  store: Store,
  resync: (accountId: string) => void,
): Pick<Handlers, 'getOfflinePolicy' | 'setOfflinePolicy'> {
  async function requireAccount(accountId: string): Promise<void> {
    if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
  }
  return {
    async getOfflinePolicy({ accountId }) {
      await requireAccount(accountId);
      return store.offlinePolicy.get(accountId);
    },
    async setOfflinePolicy({ accountId, policy }) {
      await requireAccount(accountId);
      await store.offlinePolicy.set(accountId, policy);
      resync(accountId);
      return null;
    },
  };
}
