import { LetterboxError } from '../../shared/errors.ts';
import type { AccountQuota } from '../../shared/quota/quota-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

const unsupported: AccountQuota = { supported: false, storage: null, messages: null, nearLimit: false };

// The account's quota, asked on its interactive connection (never the sync's). Accounts
// without a server quota (POP3, Local Folders) answer "not supported".
export function createQuotaHandlers(store: Store, sessions: Pick<InteractiveSessions, 'use'>): Pick<Handlers, 'getQuota'> {
  return {
    async getQuota({ accountId }) {
      const account = await store.accounts.get(accountId);
      if (account === null) throw new LetterboxError('not-found', 'That account no longer exists.');
      if (account.kind !== 'imap') return unsupported;
      return sessions.use(accountId, async (session) => (session.getQuota === undefined ? unsupported : session.getQuota()));
    },
  };
}
