// One POP3 check of one account: list, download what the ledger does not know, delete what
// the account's policy says, QUIT. The order is what keeps every message (RFC 1939 6):
//   - each batch of messages is durable on disk and committed with its ledger rows before any
//     DELE of it is sent (electron/local/local-folders.ts);
//   - DELE only marks; the server deletes at QUIT, and only then does the ledger record it;
//   - a session that ends without QUIT (crash, lost connection) deletes nothing, and the next
//     one skips what the ledger already has and sends the deletions again.
import type { SyncStatus } from '../../shared/domain.ts';
import { crashPoint } from '../crash/crash-point.ts';
import type { LocalFolders, IncomingMessage } from '../local/local-folders.ts';
import type { OpenPop3Session, Pop3ConnectionSettings, Pop3Session } from '../pop3/pop3-types.ts';
import type { Store } from '../store/store.ts';
import { downloadsWhole, shouldDeleteFromServer } from './pop3-policy.ts';
import type { Pop3Settings } from './pop3-repository.ts';
import { serverKeys } from './server-keys.ts';

// Messages fetched per batch: RETRs are pipelined (electron/pop3, RFC 2449 6.6), and one
// transaction and one directory fsync cover the batch.
export const DOWNLOAD_BATCH = 25;

export type Pop3CheckOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  readonly openPop3Session: OpenPop3Session;
  readonly accountId: string;
  readonly settings: Pop3ConnectionSettings;
  readonly policy: Pop3Settings;
  readonly reportStatus: (status: SyncStatus) => void;
  // After each committed batch: the folders whose messages changed.
  readonly onDelivered: (folderIds: readonly string[]) => void;
  readonly now?: () => number;
};

export type Pop3CheckResult = {
  readonly downloaded: number;
  readonly headersOnly: number;
  readonly deletedOnServer: number;
  readonly keyMethod: 'uidl' | 'header-hash';
};

export async function runPop3Check(options: Pop3CheckOptions): Promise<Pop3CheckResult> {
  const { store, local, accountId, policy } = options;
  const now = options.now ?? Date.now;
  const host = options.settings.host;
  options.reportStatus({ state: 'connecting', text: `Connecting to ${host}`, accountId });
  const session = await options.openPop3Session(options.settings);
  let quit = false;
  try {
    const sizes = await session.list();
    const numbers = [...sizes.keys()];
    const { keys, method } = await serverKeys(session, numbers);
    const ledger = await store.pop3.ledger(accountId);
    const targetFolderId = policy.targetFolderId ?? (await local.account()).inboxId;

    // New: on the server, not in the ledger; each key once even if the server repeats it.
    const wanted = new Set<string>();
    const fresh = numbers.filter((number) => {
      const key = keys.get(number);
      if (key === undefined || ledger.has(key) || wanted.has(key)) return false;
      wanted.add(key);
      return true;
    });

    const toDelete = new Map<number, string>();
    let downloaded = 0;
    let headersOnly = 0;
    for (let start = 0; start < fresh.length; start += DOWNLOAD_BATCH) {
      const batch = fresh.slice(start, start + DOWNLOAD_BATCH);
      options.reportStatus({
        state: 'syncing',
        text: `Downloading ${start + 1} of ${fresh.length} from ${host}`,
        accountId,
      });
      const messages = await Promise.all(batch.map((number) => fetchOne(session, number, sizes.get(number) ?? 0, keys.get(number) ?? '', accountId, policy)));
      await local.deliver(targetFolderId, messages, now());
      options.onDelivered([targetFolderId]);
      for (const [index, number] of batch.entries()) {
        const message = messages[index];
        if (message === undefined) continue;
        if (message.source === null) headersOnly += 1;
        else downloaded += 1;
        // Durable and in the ledger now: only from here may it be deleted on the server.
        if (message.source !== null && !policy.leaveOnServer) toDelete.set(number, message.ledger?.uidl ?? '');
      }
    }

    // Rules over what was downloaded in earlier sessions (and in this one, for "deleted here").
    const current = await store.pop3.ledger(accountId);
    for (const number of numbers) {
      const key = keys.get(number);
      const entry = key === undefined ? undefined : current.get(key);
      if (key === undefined || entry === undefined || toDelete.has(number)) continue;
      if (shouldDeleteFromServer(entry, policy, now())) toDelete.set(number, key);
    }
    await Promise.all(
      [...toDelete.keys()].map(async (number) => {
        await session.delete(number);
        crashPoint('pop3-dele');
      }),
    );
    quit = true;
    await session.quit();
    crashPoint('pop3-quit');
    // RFC 1939 6: the +OK to QUIT says the marked messages are removed. Ledger rows whose
    // message the server no longer lists were removed there too (by us earlier, or by others).
    const listed = new Set(keys.values());
    const gone = [...current.values()].filter((entry) => !entry.deletedOnServer && !listed.has(entry.uidl)).map((entry) => entry.uidl);
    await store.pop3.markDeletedOnServer(accountId, [...toDelete.values(), ...gone]);
    const note = method === 'header-hash' ? ` (${host} has no UIDL: messages are recognised by their headers)` : '';
    options.reportStatus({ state: 'idle', text: `Up to date${note}`, accountId });
    return { downloaded, headersOnly, deletedOnServer: toDelete.size, keyMethod: method };
  } finally {
    // Without QUIT the server deletes nothing (RFC 1939 6): the next session starts over.
    if (!quit) await session.close().catch(() => undefined);
  }
}

async function fetchOne(
  session: Pop3Session,
  number: number,
  size: number,
  uidl: string,
  accountId: string,
  policy: Pop3Settings,
): Promise<IncomingMessage> {
  if (downloadsWhole(size, policy)) {
    const source = await session.retrieve(number);
    return { source, size: source.length, ledger: { accountId, uidl } };
  }
  return { source: null, headerSource: await session.top(number, 0), size, ledger: { accountId, uidl } };
}
