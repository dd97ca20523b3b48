// The whole offline sync of one big folder (issue 10): headers, then every message's
// source downloaded, parsed and indexed for search, against mbsync's full pull of the same
// mailbox into a Maildir (which parses and indexes nothing), in the same run on the same
// Dovecot. Then, on the cache it made: the store's size per message, the process's
// memory, a cold start of the service to the first page of the Inbox, and opening cached
// messages. Targets (issue 10): the sync no slower than mbsync; cold start under 1 s;
// opening a cached message under 50 ms; the main process under 300 MB resident (read as
// the sync ends, and 30 s later, once Letterbox has given back what the sync used).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFileName } from '../electron/store/open-database.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { connectAs, writeMaildirMessages } from '../test/servers/seed.ts';
import { corpusFlags, corpusMessage } from './support/corpus.ts';
import type { OfflineSyncResult } from './support/offline-sync-child.ts';
import { offlineSyncRequest } from './support/offline-sync-request.ts';
import { hasMbsync, mbsyncConfig, runMbsync } from './support/mbsync.ts';
import { reportFigures, type Figure } from './support/figures.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const here = dirname(fileURLToPath(import.meta.url));

function storeBytesIn(dataDir: string): number {
  const file = join(dataDir, databaseFileName);
  return [file, `${file}-wal`].filter((path) => existsSync(path)).reduce((sum, path) => sum + statSync(path).size, 0);
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

type SyncRun = OfflineSyncResult & { readonly storeBytes: number };

// In a child process: its resident memory is then the sync's, not the bench's.
function letterboxSync(server: DovecotServer, dataDir: string, mode: 'all' | 'headers'): SyncRun {
  const request = offlineSyncRequest(server, dataDir, mode, messageCount);
  const run = spawnSync(process.execPath, [join(here, 'support', 'offline-sync-child.ts')], {
    encoding: 'utf8',
    env: { ...process.env, OFFLINE_SYNC_REQUEST: JSON.stringify(request) },
    maxBuffer: 16 * 1048576,
  });
  if (run.status !== 0) throw new Error(`the offline sync child failed: ${run.stderr}`);
  const line = run.stdout.split('\n').find((text) => text.startsWith('OFFLINE_SYNC '));
  if (line === undefined) throw new Error(`the offline sync child said nothing: ${run.stdout}`);
  const result = JSON.parse(line.slice('OFFLINE_SYNC '.length)) as OfflineSyncResult;
  return { ...result, storeBytes: storeBytesIn(dataDir) };
}

function mbsyncFullPull(server: DovecotServer, dir: string): number | null {
  return hasMbsync() ? runMbsync(mbsyncConfig(server, dir, 'Pull')) : null;
}

async function bareSourceFetch(server: DovecotServer): Promise<number> {
  const started = performance.now();
  const client = await connectAs(server, 'alice');
  const lock = await client.getMailboxLock('INBOX', { readOnly: true });
  let fetched = 0;
  try {
    for await (const message of client.fetch('1:*', { uid: true, source: true })) if (message.source !== undefined) fetched += 1;
  } finally {
    lock.release();
  }
  await client.logout();
  if (fetched !== messageCount) throw new Error(`bare fetch saw ${fetched} messages`);
  return performance.now() - started;
}

type ColdStart = { readonly importMs: number; readonly firstPageMs: number; readonly openMedianMs: number; readonly openP95Ms: number; readonly opened: number };

function coldStart(dataDir: string): ColdStart {
  const run = spawnSync(process.execPath, [join(here, 'support', 'cold-start-child.ts'), dataDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the cold start child failed: ${run.stderr}`);
  const line = run.stdout.split('\n').find((text) => text.startsWith('COLD_START '));
  if (line === undefined) throw new Error(`the cold start child said nothing: ${run.stdout}`);
  return JSON.parse(line.slice('COLD_START '.length)) as ColdStart;
}

const server = await startDovecot();
const workDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-offline-'));
try {
  console.log(`seeding ${messageCount} corpus messages into Dovecot…`);
  writeMaildirMessages(
    server,
    'alice',
    'INBOX',
    { count: messageCount, message: corpusMessage },
    corpusFlags,
  );
  const maildirBytes = directoryBytes(server.maildir('alice'));
  // Dovecot indexes the new Maildir and reads every file once: not ours to time.
  await bareSourceFetch(server);
  const bareMs = await bareSourceFetch(server);
  const mbsyncMs = mbsyncFullPull(server, join(workDir, 'mbsync'));
  const full = letterboxSync(server, join(workDir, 'full'), 'all');
  const headersOnly = letterboxSync(server, join(workDir, 'headers'), 'headers');
  const cold = coldStart(join(workDir, 'full'));

  const figures: Figure[] = [
    { name: 'full offline sync', value: full.totalMs, unit: 'ms', baselineName: 'mbsync full pull', baseline: mbsyncMs, target: 'ratio >= 1 (no slower than mbsync)', met: mbsyncMs === null ? null : mbsyncMs / full.totalMs >= 1, ratio: mbsyncMs === null ? null : mbsyncMs / full.totalMs },
    { name: '  of which headers', value: full.headersMs, unit: 'ms', baselineName: 'bare fetch of all sources', baseline: bareMs, target: null, met: null, ratio: null },
    { name: 'cold start to first Inbox page', value: cold.firstPageMs, unit: 'ms', baselineName: 'loading the service modules', baseline: cold.importMs, target: '< 1000 ms', met: cold.firstPageMs < 1000, ratio: null },
    { name: `open a cached message (median of ${cold.opened})`, value: cold.openMedianMs, unit: 'ms', baselineName: null, baseline: null, target: '< 50 ms', met: cold.openMedianMs < 50, ratio: null },
    { name: '  p95', value: cold.openP95Ms, unit: 'ms', baselineName: null, baseline: null, target: null, met: null, ratio: null },
    { name: 'resident memory as the sync ends', value: full.rssBytes / 1048576, unit: 'MB', baselineName: null, baseline: null, target: null, met: null, ratio: null },
    { name: `resident memory ${full.settled.afterMs / 1000} s after the full sync`, value: full.settled.rssBytes / 1048576, unit: 'MB', baselineName: null, baseline: null, target: '< 300 MB', met: full.settled.rssBytes < 300 * 1048576, ratio: null },
    ...(full.settled.fileBytes === null ? [] : [{ name: '  of which mapped from files (node binary)', value: full.settled.fileBytes / 1048576, unit: 'MB', baselineName: null, baseline: null, target: null, met: null, ratio: null }]),
    { name: "  of which the main thread's V8 heap", value: full.settled.heapTotalBytes / 1048576, unit: 'MB', baselineName: null, baseline: null, target: null, met: null, ratio: null },
    { name: 'store per message, with bodies', value: full.storeBytes / messageCount, unit: 'B', baselineName: 'Maildir per message', baseline: maildirBytes / messageCount, target: null, met: null, ratio: null },
    { name: 'store per message, headers only', value: headersOnly.storeBytes / messageCount, unit: 'B', baselineName: 'Maildir per message', baseline: maildirBytes / messageCount, target: null, met: null, ratio: null },
  ];
  reportFigures(`offline sync of ${messageCount} messages`, figures);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
