// Run by bench/offline-sync.bench.ts in a fresh process, so the resident memory it reports
// is Letterbox's alone (the bench's own process also holds the corpus it wrote and the
// bare fetch's sources): one offline sync of an IMAP account into DATA_DIR, timed from
// the engine's first status to the "Up to date" that follows the download. Its memory is
// read then and again settleMs later, the account still connected and idle as in the app:
// Letterbox gives memory back once a sync is over (docs/decisions.md, "Memory after a full
// offline sync"). Prints one OFFLINE_SYNC line of JSON.
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { openStore } from '../../electron/store/store.ts';
import { createSyncEngine } from '../../electron/sync/sync-engine.ts';
import { readFileSync } from 'node:fs';
import { createMemorySecretStore } from './memory-secret-store.ts';

export type OfflineSyncRequest = {
  readonly dataDir: string;
  readonly mode: 'all' | 'headers';
  readonly messageCount: number;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly caCertificate: string;
};

export type OfflineSyncResult = {
  readonly headersMs: number;
  readonly totalMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly settled: SettledMemory;
};

// settleMs after the sync: resident in all, of which mapped from files (the node binary's
// code, shared with every other Node process) and the main thread's V8 heap.
export type SettledMemory = { readonly afterMs: number; readonly rssBytes: number; readonly fileBytes: number | null; readonly heapTotalBytes: number };


// Resident and file-backed, from Linux's /proc; null elsewhere.
function residentFileBytes(): number | null {
  try {
    const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN) * 1024;
    const file = field('Rss') - field('Anonymous');
    return Number.isFinite(file) ? file : null;
  } catch {
    return null;
  }
}

const request = JSON.parse(process.env.OFFLINE_SYNC_REQUEST ?? 'null') as OfflineSyncRequest | null;
if (request === null) throw new Error('OFFLINE_SYNC_REQUEST is not set');
// Body text threads stop 15 s after their last message, and V8 frees a stopped thread's
// pages 8 s after that (body-text-pool.ts, settle-heap.ts). Only the full sync's is reported.
const settleMs = Number(process.env.OFFLINE_SYNC_SETTLE_MS ?? (request.mode === 'all' ? 30_000 : 0));
// Set by offline-sync-profile.ts, which samples each thread's CPU time at these marks.
const markPhase = (phase: string): void => {
  if (process.env.OFFLINE_SYNC_PHASES === '1') console.log(`OFFLINE_SYNC_PHASE ${phase}`);
};

const store = openStore(request.dataDir);
const secretStore = createMemorySecretStore();
await secretStore.set('alice', request.password);
const account = await store.accounts.insert({
  kind: 'imap',
  name: 'Alice',
  email: 'alice@example.org',
  incoming: { host: request.host, port: request.port, security: 'tls', username: request.username },
  outgoing: null,
  secretReference: 'alice',
});
await store.offlinePolicy.set(account.id, { mode: request.mode, days: 30 });
let started = 0;
let headersDone = 0;
let finish: (at: number) => void = () => undefined;
let fail: (error: Error) => void = () => undefined;
const finished = new Promise<number>((resolve, reject) => {
  finish = resolve;
  fail = reject;
});
let downloading = false;
let ending = false;
const engine = createSyncEngine({
  store,
  secretStore,
  openImapSession,
  trustedCertificates: [request.caCertificate],
  emit: () => undefined,
  reportStatus: (status) => {
    if (started === 0) {
      started = performance.now();
      markPhase('started');
    }
    if (status.text.startsWith('Downloading')) downloading = true;
    if (status.state === 'error' || status.state === 'offline') fail(new Error(status.text));
    if (status.text !== 'Up to date') return;
    if (headersDone === 0) {
      headersDone = performance.now();
      markPhase('headers');
    }
    if (request.mode === 'headers' || downloading) {
      if (!ending) markPhase('ended');
      ending = true;
      finish(performance.now());
    }
  },
  logError: (error) => {
    console.error(error);
  },
});
await engine.syncAccount(account.id);
const ended = await finished;
const memory = process.memoryUsage();
await new Promise((resolve) => setTimeout(resolve, settleMs));
const settled: SettledMemory = { afterMs: settleMs, rssBytes: process.memoryUsage.rss(), fileBytes: residentFileBytes(), heapTotalBytes: process.memoryUsage().heapTotal };
await engine.stopAll();
const inbox = (await store.folders.listByAccount(account.id)).find((folder) => folder.path === 'INBOX');
if (inbox?.totalCount !== request.messageCount) {
  throw new Error(`the store holds ${inbox?.totalCount} Inbox messages, expected ${request.messageCount}`);
}
if (request.mode === 'all' && (await store.offlinePolicy.countWithoutBody([inbox.id], null)) !== 0) {
  throw new Error('some bodies were not downloaded');
}
// The next start must not go to the network: the cold start measures the cache alone.
await store.sync.setWorkOffline(true);
// Threads and the word index catch up after the sync (header-writer.ts beginHeaderSync):
// the store's size is measured with them.
await store.messages.flushSearchIndex();
store.close();
const result: OfflineSyncResult = {
  headersMs: headersDone - started,
  totalMs: ended - started,
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
  externalBytes: memory.external + memory.arrayBuffers,
  settled,
};
console.log(`OFFLINE_SYNC ${JSON.stringify(result)}`);
