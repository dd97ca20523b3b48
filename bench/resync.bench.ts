// A no-change resync of a 20,000-message folder: Letterbox with QRESYNC (RFC 7162), Letterbox
// with the UID comparison (allowModseq false), and in the same run mbsync's no-change sync of
// the same folder when isync is installed. Each is a whole run: connect, TLS, login, SELECT,
// whatever it fetches, logout. Target: Letterbox's QRESYNC resync is faster than mbsync's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderResync, OpenImapSession } from '../electron/imap/imap-types.ts';
import { openImapSession } from '../electron/imap/open-imap-session.ts';
import { openStore, type Store } from '../electron/store/store.ts';
import { createSyncEngine } from '../electron/sync/sync-engine.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { connectAs, generateMessage, writeMaildirMessages } from '../test/servers/seed.ts';
import { createMemorySecretStore } from './support/memory-secret-store.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 20_000);
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

function mbsyncConfig(server: DovecotServer, dir: string): string {
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, server.caCertificate);
  const passFile = join(dir, 'pass');
  writeFileSync(passFile, server.user('alice').password, { mode: 0o600 });
  const maildir = join(dir, 'mail');
  mkdirSync(maildir, { recursive: true });
  const config = join(dir, 'mbsyncrc');
  writeFileSync(
    config,
    [
      'IMAPAccount bench',
      'Host localhost',
      `Port ${server.imapsPort}`,
      'User alice',
      `PassCmd "cat ${passFile}"`,
      'SSLType IMAPS',
      `CertificateFile ${caFile}`,
      '',
      'IMAPStore bench-remote',
      'Account bench',
      '',
      'MaildirStore bench-local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      '',
      'Channel bench',
      'Far :bench-remote:',
      'Near :bench-local:',
      'Patterns INBOX',
      'Create Near',
      'Sync All',
      `SyncState ${dir}/state/`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'state'), { recursive: true });
  return config;
}

function runMbsync(config: string): number {
  const started = performance.now();
  const run = spawnSync('mbsync', ['-c', config, '-q', 'bench'], { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`mbsync exited with ${run.status}: ${run.stderr}`);
  return elapsed;
}

function hasMbsync(): boolean {
  const probe = spawnSync('mbsync', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

const server = await startDovecot();
const workDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-resync-'));
try {
  console.log(`seeding ${messageCount} messages into Dovecot…`);
  writeMaildirMessages(
    server,
    'alice',
    'INBOX',
    Array.from({ length: messageCount }, (_, index) => generateMessage(index)),
    (index) => (index % 3 === 0 ? ['\\Seen'] : index % 7 === 0 ? ['\\Flagged'] : []),
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
    config = mbsyncConfig(server, join(workDir, 'mbsync'));
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

  const line = (label: string, values: readonly number[]) =>
    `${label.padEnd(34)} ${best(values).toFixed(0).padStart(6)} ms  [median ${median(values).toFixed(0)} ms]`;
  console.log(`no-change resync of ${messageCount} messages, ${rounds} interleaved rounds (best; median in brackets)`);
  console.log(line('letterbox, QRESYNC:', qresync));
  console.log(line('letterbox, UID comparison:', compare));
  if (baseline.length > 0) {
    console.log(line('mbsync (isync):', baseline));
    const ratio = best(baseline) / best(qresync);
    const met = ratio > 1;
    console.log(`ratio (mbsync time / letterbox QRESYNC time): ${ratio.toFixed(2)}  target > 1  ${met ? 'MET' : 'NOT MET'}`);
    console.log(`ratio (mbsync time / letterbox UID comparison time): ${(best(baseline) / best(compare)).toFixed(2)}`);
    process.exitCode = met ? 0 : 1;
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
