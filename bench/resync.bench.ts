// A no-change resync of one big folder (BENCH_MESSAGES, 10,000 unless told): Letterbox
// with QRESYNC (RFC 7162), Letterbox with the UID comparison (allowModseq false), and in
// the same run mbsync's no-change sync of the same folder when isync is installed. Each is a whole run: connect, TLS, login, SELECT,
// whatever it fetches, logout. Target: Letterbox's QRESYNC resync is faster than mbsync's.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderResync, OpenImapSession } from '../electron/imap/imap-types.ts';
import { openImapSession } from '../electron/imap/open-imap-session.ts';
import { openStore, type Store } from '../electron/store/store.ts';
import { createSyncEngine } from '../electron/sync/sync-engine.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { connectAs, writeMaildirMessages } from '../test/servers/seed.ts';
import { corpusFlags, corpusMessage } from './support/corpus.ts';
import { reportFigures, type Figure } from './support/figures.ts';
import { createMemorySecretStore } from './support/memory-secret-store.ts';
import { hasMbsync, mbsyncConfig, runMbsync } from './support/mbsync.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
// Interleaved rounds, each judged by its best (this VM's timings swing from run to run).
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function best(values: readonly number[]): number {
  return Math.min(...values);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

type Letterbox = { readonly store: Store; readonly accountId: string; readonly inboxId: string; readonly secretStore: ReturnType<typeof createMemorySecretStore> };

async function setUpLetterbox(server: DovecotServer, dataDir: string): Promise<Letterbox> {
  const store = openStore(dataDir);
  const secretStore = createMemorySecretStore();
  const alice = server.user('alice');
  await secretStore.set('alice', alice.password);
  const account = await store.accounts.insert({
    kind: 'imap',
    name: 'Alice',
    email: 'alice@example.org',
    incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
    outgoing: null,
    secretReference: 'alice',
  });
  // Headers only: this measures keeping the headers true, not downloading bodies.
  await store.offlinePolicy.set(account.id, { mode: 'headers', days: 30 });
  const engine = createSyncEngine({
    store,
    secretStore,
    openImapSession,
    trustedCertificates: [server.caCertificate],
    emit: () => undefined,
    reportStatus: () => undefined,
    logError: (error) => {
      console.error(error);
    },
  });
  await engine.syncAccount(account.id);
  await engine.stopAll();
  const inbox = (await store.folders.listByAccount(account.id)).find((folder) => folder.path === 'INBOX');
  if (inbox?.totalCount !== messageCount) throw new Error(`the store holds ${inbox?.totalCount} Inbox messages, expected ${messageCount}`);
  return { store, accountId: account.id, inboxId: inbox.id, secretStore };
}

async function letterboxResync(server: DovecotServer, letterbox: Letterbox, allowModseq: boolean): Promise<number> {
  const modes: FolderResync['mode'][] = [];
  const recording: OpenImapSession = async (settings) => {
    const session = await openImapSession(settings);
    return {
      ...session,
      async resyncFolder(path, known, options) {
        const result = await session.resyncFolder(path, known, options);
        modes.push(result.mode);
        return result;
      },
    };
  };
  let changed = 0;
  const engine = createSyncEngine({
    store: letterbox.store,
    secretStore: letterbox.secretStore,
    openImapSession: recording,
    trustedCertificates: [server.caCertificate],
    emit: () => undefined,
    reportStatus: () => undefined,
    logError: (error) => {
      console.error(error);
    },
    allowModseq,
  });
  const store = letterbox.store;
  const before = await store.messages.listPage(letterbox.inboxId, 0, 1);
  const started = performance.now();
  // Connects, resyncs INBOX (nothing new: no header fetch), logs out.
  await engine.syncFolder(letterbox.inboxId);
  await engine.stopAll();
  const elapsed = performance.now() - started;
  const after = await store.messages.listPage(letterbox.inboxId, 0, 1);
  if (after?.total !== messageCount || JSON.stringify(after.items) !== JSON.stringify(before?.items)) changed += 1;
  const wanted = allowModseq ? 'qresync' : 'compare';
  if (modes.join() !== wanted) throw new Error(`the resync went by ${modes.join() || 'nothing'}, expected ${wanted}`);
  if (changed > 0) throw new Error('a no-change resync changed the store');
  return elapsed;
}


const server = await startDovecot();
const workDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-resync-'));
try {
  console.log(`seeding ${messageCount} messages into Dovecot…`);
  writeMaildirMessages(
    server,
    'alice',
    'INBOX',
    { count: messageCount, message: corpusMessage },
    corpusFlags,
  );
  // Dovecot indexes the new Maildir on first access: not ours to time.
  const warm = await connectAs(server, 'alice');
  const lock = await warm.getMailboxLock('INBOX', { readOnly: true });
  try {
    await warm.fetchAll('1:*', { uid: true, flags: true });
  } finally {
    lock.release();
  }
  await warm.logout();

  const letterbox = await setUpLetterbox(server, join(workDir, 'letterbox'));
  const mbsync = hasMbsync();
  let config: string | null = null;
  if (mbsync) {
    mkdirSync(join(workDir, 'mbsync'));
    config = mbsyncConfig(server, join(workDir, 'mbsync'), 'All');
    console.log('mbsync: first sync (not timed)…');
    runMbsync(config);
  } else {
    console.log('mbsync was not found (apt-get install isync): timing Letterbox alone.');
  }

  const qresync: number[] = [];
  const compare: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    qresync.push(await letterboxResync(server, letterbox, true));
    compare.push(await letterboxResync(server, letterbox, false));
    if (config !== null) baseline.push(runMbsync(config));
  }
  letterbox.store.close();

  const mbsyncMs = baseline.length > 0 ? best(baseline) : null;
  const versus = (ms: number) => (mbsyncMs === null ? null : mbsyncMs / ms);
  console.log(`no-change resync of ${messageCount} messages, ${rounds} interleaved rounds, each figure the best (medians: QRESYNC ${median(qresync).toFixed(0)} ms, UID comparison ${median(compare).toFixed(0)} ms${baseline.length > 0 ? `, mbsync ${median(baseline).toFixed(0)} ms` : ''})`);
  const figures: Figure[] = [
    {
      name: 'no-change resync, QRESYNC',
      value: best(qresync),
      unit: 'ms',
      baselineName: 'mbsync no-change run',
      baseline: mbsyncMs,
      ratio: versus(best(qresync)),
      target: '< 300 ms and faster than mbsync',
      met: best(qresync) < 300 && (mbsyncMs === null || mbsyncMs > best(qresync)),
    },
    { name: 'no-change resync, UID comparison', value: best(compare), unit: 'ms', baselineName: 'mbsync no-change run', baseline: mbsyncMs, ratio: versus(best(compare)), target: null, met: null },
  ];
  reportFigures(`no-change resync of ${messageCount} messages`, figures);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
