// A no-change resync of one big folder (BENCH_MESSAGES, 10,000 unless told): Letterbox
// with QRESYNC (RFC 7162), which asks STATUS first and so does not select an unchanged
// folder; the same with the STATUS step taken away (EXAMINE, then nothing to fetch: the
// path before issue 10's fix, and still the one a folder that did change takes); Letterbox
// with the UID comparison (allowModseq false), and in
// the same run mbsync's no-change sync of the same folder when isync is installed. Each is a whole run: connect, TLS, login, SELECT,
// whatever it fetches, logout. Target: Letterbox's QRESYNC resync is faster than mbsync's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderResync, OpenImapSession } from '../electron/imap/imap-types.ts';
import { openImapSession } from '../electron/imap/open-imap-session.ts';
import { openStore, type Store } from '../electron/store/store.ts';
import { createSyncEngine } from '../electron/sync/sync-engine.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { connectAs, writeMaildirMessages } from '../test/servers/seed.ts';
import { insertImapAccount, syncAccountOnce } from '../test/servers/store-account.ts';
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
  // Headers only: this measures keeping the headers true, not downloading bodies.
  const account = await insertImapAccount(store, secretStore, server, 'alice');
  await syncAccountOnce(store, secretStore, server, account.id, (error) => {
    console.error(error);
  });
  const inbox = (await store.folders.listByAccount(account.id)).find((folder) => folder.path === 'INBOX');
  if (inbox?.totalCount !== messageCount) throw new Error(`the store holds ${inbox?.totalCount} Inbox messages, expected ${messageCount}`);
  return { store, accountId: account.id, inboxId: inbox.id, secretStore };
}

type Way = 'status' | 'examine' | 'compare';
type Run = { readonly ms: number; readonly cpuMs: number; readonly serverCpuMs: number };

// CPU time of Dovecot's processes that have ended (its imap and imap-login processes are
// children of the master, and a session's imap process ends at LOGOUT), from
// /proc/<master>/stat cutime and cstime: whole clock ticks, so 10 ms steps.
function dovecotChildrenCpuMs(server: DovecotServer): number {
  const master = readFileSync(join(server.dir, 'run', 'master.pid'), 'utf8').trim();
  const fields = readFileSync(`/proc/${master}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ", cutime and cstime are the 14th and 15th fields.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

async function letterboxResync(server: DovecotServer, letterbox: Letterbox, way: Way): Promise<Run> {
  const allowModseq = way !== 'compare';
  const modes: FolderResync['mode'][] = [];
  let statusAsked = 0;
  const recording: OpenImapSession = async (settings) => {
    const session = await openImapSession(settings);
    const folderStatus = session.folderStatus;
    return {
      ...session,
      folderStatus:
        way === 'examine' || folderStatus === undefined
          ? undefined
          : (folderPath) => {
              statusAsked += 1;
              return folderStatus(folderPath);
            },
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
  const serverBefore = dovecotChildrenCpuMs(server);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Connects, resyncs INBOX (nothing new: no header fetch), logs out.
  await engine.syncFolder(letterbox.inboxId);
  await engine.stopAll();
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // Dovecot's imap process ends just after the LOGOUT answer; its CPU is counted once reaped.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const serverCpuMs = dovecotChildrenCpuMs(server) - serverBefore;
  const after = await store.messages.listPage(letterbox.inboxId, 0, 1);
  if (after?.total !== messageCount || JSON.stringify(after.items) !== JSON.stringify(before?.items)) changed += 1;
  const wanted = way === 'status' ? '' : way === 'examine' ? 'qresync' : 'compare';
  if (modes.join() !== wanted) throw new Error(`the resync went by ${modes.join() || 'STATUS alone'}, expected ${wanted || 'STATUS alone'}`);
  if (way === 'status' && statusAsked !== 1) throw new Error(`STATUS was asked ${statusAsked} times, expected once`);
  if (changed > 0) throw new Error('a no-change resync changed the store');
  return { ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000, serverCpuMs };
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

  const runs: Record<Way, Run[]> = { status: [], examine: [], compare: [] };
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const way of ['status', 'examine', 'compare'] as const) runs[way].push(await letterboxResync(server, letterbox, way));
    if (config !== null) baseline.push(runMbsync(config));
  }
  letterbox.store.close();
  const qresync = runs.status.map((run) => run.ms);
  const examine = runs.examine.map((run) => run.ms);
  const compare = runs.compare.map((run) => run.ms);
  for (const way of ['status', 'examine', 'compare'] as const) {
    const list = runs[way];
    console.log(
      `${way}: wall best ${best(list.map((run) => run.ms)).toFixed(0)} / median ${median(list.map((run) => run.ms)).toFixed(0)} ms; ` +
        `Letterbox CPU median ${median(list.map((run) => run.cpuMs)).toFixed(0)} ms; Dovecot CPU median ${median(list.map((run) => run.serverCpuMs)).toFixed(0)} ms (10 ms steps)`,
    );
  }

  const mbsyncMs = baseline.length > 0 ? best(baseline) : null;
  const versus = (ms: number) => (mbsyncMs === null ? null : mbsyncMs / ms);
  console.log(`no-change resync of ${messageCount} messages, ${rounds} interleaved rounds, each figure the best (medians: QRESYNC ${median(qresync).toFixed(0)} ms, by EXAMINE ${median(examine).toFixed(0)} ms, UID comparison ${median(compare).toFixed(0)} ms${baseline.length > 0 ? `, mbsync ${median(baseline).toFixed(0)} ms` : ''})`);
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
    { name: 'no-change resync, QRESYNC by EXAMINE (no STATUS)', value: best(examine), unit: 'ms', baselineName: 'mbsync no-change run', baseline: mbsyncMs, ratio: versus(best(examine)), target: null, met: null },
    { name: 'no-change resync, UID comparison', value: best(compare), unit: 'ms', baselineName: 'mbsync no-change run', baseline: mbsyncMs, ratio: versus(best(compare)), target: null, met: null },
  ];
  reportFigures(`no-change resync of ${messageCount} messages`, figures);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
