// A store with Local Folders and one POP3 account, driven without the service: each check is
// one runPop3Check against the test Dovecot, so tests choose exactly when sessions happen.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalFolders, type LocalFolders } from '../../electron/local/local-folders.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { OpenPop3Session, Pop3ConnectionSettings } from '../../electron/pop3/pop3-types.ts';
import { DEFAULT_POP3_POLICY, type Pop3Policy } from '../../electron/pop3-sync/pop3-policy.ts';
import { runPop3Check, type Pop3CheckResult } from '../../electron/pop3-sync/run-pop3-check.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import type { SyncStatus } from '../../shared/domain.ts';

export type Pop3Fixture = {
  readonly store: Store;
  readonly local: LocalFolders;
  readonly accountId: string;
  readonly statuses: SyncStatus[];
  check(open?: OpenPop3Session): Promise<Pop3CheckResult>;
  close(): void;
};

export type Pop3Endpoint = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly caCertificate: string;
};

export function pop3Settings(endpoint: Pop3Endpoint): Pop3ConnectionSettings {
  return {
    host: endpoint.host,
    port: endpoint.port,
    security: 'tls',
    username: endpoint.username,
    password: endpoint.password,
    trustedCertificates: [endpoint.caCertificate],
    timeoutMs: 20_000,
  };
}

// Opens (or reopens, after a crash) the store in dataDir; the POP3 account is made once.
export async function openPop3Fixture(dataDir: string, endpoint: Pop3Endpoint, policy: Partial<Pop3Policy> = {}): Promise<Pop3Fixture> {
  const store = openStore(dataDir);
  const local = createLocalFolders(store, dataDir);
  await local.recover();
  const existing = (await store.accounts.list()).find((account) => account.kind === 'pop3');
  const account =
    existing ??
    (await store.accounts.insert({
      kind: 'pop3',
      name: endpoint.username,
      email: `${endpoint.username}@example.org`,
      incoming: { host: endpoint.host, port: endpoint.port, security: 'tls', username: endpoint.username },
      outgoing: null,
      secretReference: 'unused-in-this-fixture',
    }));
  await store.pop3.saveSettings(account.id, { ...DEFAULT_POP3_POLICY, ...policy, checkIntervalSeconds: 600, targetFolderId: null });
  const statuses: SyncStatus[] = [];
  return {
    store,
    local,
    accountId: account.id,
    statuses,
    async check(open = openPop3Session) {
      const settings = await store.pop3.getSettings(account.id);
      if (settings === null) throw new Error('the fixture account lost its settings');
      return runPop3Check({
        store,
        local,
        openPop3Session: open,
        accountId: account.id,
        settings: pop3Settings(endpoint),
        policy: settings,
        reportStatus: (status) => statuses.push(status),
        onDelivered: () => undefined,
      });
    },
    close: () => {
      store.close();
    },
  };
}

// The Maildir files of a local folder, by directory.
export function maildirFiles(dataDir: string, folderDirectory: string): { readonly cur: readonly string[]; readonly tmp: readonly string[] } {
  const root = join(dataDir, 'local', folderDirectory);
  const list = (sub: string): readonly string[] => {
    try {
      return readdirSync(join(root, sub));
    } catch {
      return [];
    }
  };
  return { cur: list('cur'), tmp: list('tmp') };
}
