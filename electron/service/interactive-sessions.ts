import type { ImapSession } from '../imap/imap-types.ts';
import { connectionSettingsFor } from '../sync/account-connection.ts';
import { isOfflineError } from '../sync/sync-status.ts';
import type { AccountAccess } from './service-types.ts';

export type InteractiveSessions = {
  // Runs work on the account's interactive session, opening it when needed. A session
  // the server dropped while idle is replaced once before the error is believed; `retried`
  // tells that second run that the first may have been carried out before the loss.
  use<T>(accountId: string, work: (session: ImapSession, retried: boolean) => Promise<T>): Promise<T>;
  closeAccount(accountId: string): Promise<void>;
  closeAll(): Promise<void>;
};

export type InteractiveSessionOptions = AccountAccess;

// One connection per account for what a person waits on (opening a message), apart
// from the sync connection, so a long sync never blocks a click (conventions.md).
export function createInteractiveSessions(options: InteractiveSessionOptions): InteractiveSessions {
  const sessions = new Map<string, Promise<ImapSession>>();

  function sessionFor(accountId: string): Promise<ImapSession> {
    const existing = sessions.get(accountId);
    if (existing) return existing;
    const opening = connectionSettingsFor(options.store, options.secretStore, accountId, options.trustedCertificates).then(
      (settings) => options.openImapSession(settings),
    );
    sessions.set(accountId, opening);
    opening.catch(() => {
      if (sessions.get(accountId) === opening) sessions.delete(accountId);
    });
    return opening;
  }

  async function closeAccount(accountId: string): Promise<void> {
    const session = sessions.get(accountId);
    sessions.delete(accountId);
    if (!session) return;
    try {
      await (await session).close();
    } catch {
      // A session that never opened or already died has nothing left to close.
    }
  }

  return {
    async use(accountId, work) {
      const reused = sessions.has(accountId);
      try {
        return await work(await sessionFor(accountId), false);
      } catch (error) {
        if (!isOfflineError(error)) throw error;
        await closeAccount(accountId);
        if (!reused) throw error;
        return await work(await sessionFor(accountId), true);
      }
    },
    closeAccount,
    async closeAll() {
      await Promise.all([...sessions.keys()].map(closeAccount));
    },
  };
}
