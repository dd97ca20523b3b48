import type { Account } from '../../shared/domain.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { SecretStore } from '../../electron/service/service-types.ts';
import { createSyncEngine } from '../../electron/sync/sync-engine.ts';
import type { Store } from '../../electron/store/store.ts';
import type { DovecotServer } from './dovecot.ts';

// A test user's IMAP account put straight into a store, for tests and benchmarks that drive
// the sync engine without the service: implicit TLS, headers only (no body download after
// the headers), the password in secretStore under the username.
export async function insertImapAccount(store: Store, secretStore: SecretStore, server: DovecotServer, username: string): Promise<Account> {
  const user = server.user(username);
  await secretStore.set(username, user.password);
  const account = await store.accounts.insert({
    kind: 'imap',
    name: username,
    email: `${username}@example.org`,
    incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: user.username },
    outgoing: null,
    secretReference: username,
  });
  await store.offlinePolicy.set(account.id, { mode: 'headers', days: 30 });
  return account;
}

// One sync of the account by a sync engine of its own, stopped after it: the store then
// holds what a first sync stores. Errors go to logError (none by default).
export async function syncAccountOnce(
  store: Store,
  secretStore: SecretStore,
  server: DovecotServer,
  accountId: string,
  logError: (error: unknown) => void = () => undefined,
): Promise<void> {
  const engine = createSyncEngine({
    store,
    secretStore,
    openImapSession,
    trustedCertificates: [server.caCertificate],
    emit: () => undefined,
    reportStatus: () => undefined,
    logError,
  });
  await engine.syncAccount(accountId);
  await engine.stopAll();
}
