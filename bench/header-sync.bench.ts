// Letterbox's first full header sync against a bare imapflow fetch of the same fields,
// both against the same private Dovecot in the same run, so the ratio means something
// on any machine. Target: the sync reaches at least 0.7 of the bare fetch's throughput.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../electron/service/create-service.ts';
import { openStore } from '../electron/store/store.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { connectAs, writeMaildirMessages } from '../test/servers/seed.ts';
import { corpusFlags, corpusMessage } from './support/corpus.ts';
import { reportFigures } from './support/figures.ts';
import { createMemorySecretStore } from './support/memory-secret-store.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
// Interleaved rounds, each side judged by its median (below, where the ratio is taken): this
// VM's timings swing by up to 2x from run to run, and load or luck hits both sides alike.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const target = 0.7;

// CPU time of this process (every thread: the bare fetch's one, the sync's main thread and
// its header writer), in µs per message. Load from other work stretches wall-clock time far
// more than it moves CPU time, so this is the steadier figure on a shared machine.
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / messageCount;
}

type Timed = { readonly elapsed: number; readonly cpuPerMessage: number };

async function bareFetch(server: DovecotServer): Promise<Timed> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const client = await connectAs(server, 'alice');
  const lock = await client.getMailboxLock('INBOX');
  let fetched = 0;
  try {
    for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, size: true, headers: ['references'] })) {
      if (message.uid > 0) fetched += 1;
    }
  } finally {
    lock.release();
  }
  await client.logout();
  const elapsed = performance.now() - started;
  const cpuPerMessage = cpuSince(cpuStart);
  if (fetched !== messageCount) throw new Error(`bare fetch saw ${fetched} messages, expected ${messageCount}`);
  return { elapsed, cpuPerMessage };
}

async function letterboxSync(server: DovecotServer): Promise<Timed & { storeBytes: number; catchUpMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-'));
  const service = createService({
    dataDir,
    secretStore: createMemorySecretStore(),
    trustedCertificates: [server.caCertificate],
    openExternal: () => Promise.resolve(false),
  });
  const user = server.user('alice');
  // The sync starts in the background once the account is added, with its own
  // connection; it is timed from there, like the bare fetch, which connects too, to the
  // status that says its headers are all stored.
  const timing: { syncStarted: number | null; cpuStart: NodeJS.CpuUsage; cpuPerMessage: number } = { syncStarted: null, cpuStart: process.cpuUsage(), cpuPerMessage: 0 };
  let resolveSynced: (at: number) => void = () => undefined;
  let rejectSynced: (error: Error) => void = () => undefined;
  const synced = new Promise<number>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  service.subscribe((event, payload) => {
    if (event !== 'status') return;
    const status = payload as { state: string; text: string };
    if (timing.syncStarted === null && status.state === 'connecting') {
      timing.syncStarted = performance.now();
      timing.cpuStart = process.cpuUsage();
    } else if (timing.syncStarted !== null && status.text === 'Up to date') {
      timing.cpuPerMessage = cpuSince(timing.cpuStart);
      resolveSynced(performance.now());
    } else if (status.state === 'error' || status.state === 'offline') rejectSynced(new Error(`sync failed: ${status.text}`));
  });
  try {
    const added = await service.dispatch('addAccount', {
      kind: 'imap',
      email: 'alice@example.org',
      password: user.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: user.username },
      outgoing: null,
    });
    if (!added.ok) throw new Error(`addAccount failed: ${added.error.message}`);
    const accountId = (added.value as { id: string }).id;
    const finished = await synced;
    if (timing.syncStarted === null) throw new Error('the sync never reported that it was connecting');
    const elapsed = finished - timing.syncStarted;
    const folders = await service.dispatch('listFolders', { accountId });
    if (!folders.ok) throw new Error(folders.error.message);
    const inbox = (folders.value as readonly { role: string | null; totalCount: number }[]).find((folder) => folder.role === 'inbox');
    if (inbox?.totalCount !== messageCount) throw new Error(`the store holds ${inbox?.totalCount} Inbox messages, expected ${messageCount}`);
    await service.close();
    // Threads and the word index catch up once the sync is done (header-writer.ts
    // beginHeaderSync), in the background; closing the service left them waiting. Timed
    // apart, and caught up before the store is measured.
    const store = openStore(dataDir);
    const catchUpStarted = performance.now();
    await store.messages.flushSearchIndex();
    const catchUpMs = performance.now() - catchUpStarted;
    store.close();
    const file = join(dataDir, 'letterbox.sqlite');
    const storeBytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    return { elapsed, cpuPerMessage: timing.cpuPerMessage, storeBytes, catchUpMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function best(values: readonly number[]): number {
  return Math.min(...values);
}

const server = await startDovecot();
try {
  console.log(`seeding ${messageCount} messages into Dovecot…`);
  writeMaildirMessages(server, 'alice', 'INBOX', { count: messageCount, message: corpusMessage }, corpusFlags);
  // Dovecot indexes the new Maildir and fills its cache on the first fetch: not ours to time.
  await bareFetch(server);

  const bare: number[] = [];
  const sync: number[] = [];
  const bareCpu: number[] = [];
  const syncCpu: number[] = [];
  const catchUps: number[] = [];
  let storeBytes = 0;
  for (let round = 0; round < rounds; round += 1) {
    const fetched = await bareFetch(server);
    bare.push(fetched.elapsed);
    bareCpu.push(fetched.cpuPerMessage);
    const result = await letterboxSync(server);
    sync.push(result.elapsed);
    syncCpu.push(result.cpuPerMessage);
    catchUps.push(result.catchUpMs);
    storeBytes = result.storeBytes;
  }
  // The median of the interleaved rounds, not the best: on this VM one bare round in five
  // or so runs far faster than the rest (1.3 s among 2.0 to 2.7 s), and the best of each
  // side let that one round decide the ratio.
  const bareMs = median(bare);
  const syncMs = median(sync);
  const ratio = bareMs / syncMs;
  const perSecond = (ms: number) => Math.round((messageCount / ms) * 1000);
  console.log(`messages: ${messageCount}, rounds: ${rounds}, interleaved, each the median of its rounds`);
  console.log(`bare imapflow fetch:   ${perSecond(bareMs)} messages/s  [best ${best(bare).toFixed(0)} ms]`);
  console.log(`letterbox header sync: ${perSecond(syncMs)} messages/s  [best ${best(sync).toFixed(0)} ms]  best rounds' ratio ${(best(bare) / best(sync)).toFixed(2)}`);
  console.log(`CPU time per message (this process, all threads; best of rounds): bare ${best(bareCpu).toFixed(0)} µs, sync ${best(syncCpu).toFixed(0)} µs`);
  console.log(`rounds, in order (ms): bare ${bare.map((ms) => ms.toFixed(0)).join(' ')}; sync ${sync.map((ms) => ms.toFixed(0)).join(' ')}`);
  console.log(`threads and word index of the synced headers, caught up after the sync: median ${median(catchUps).toFixed(0)} ms`);
  reportFigures(`first header sync of ${messageCount} messages`, [
    { name: 'first header sync', value: syncMs, unit: 'ms', baselineName: 'bare imapflow fetch, same fields', baseline: bareMs, ratio, target: `ratio >= ${target}`, met: ratio >= target },
    {
      name: 'CPU time per message, sync',
      value: best(syncCpu),
      unit: 'µs',
      baselineName: 'bare imapflow fetch',
      baseline: best(bareCpu),
      ratio: best(bareCpu) / best(syncCpu),
      target: null,
      met: null,
    },
    { name: 'store per message, headers only', value: storeBytes / messageCount, unit: 'B', baselineName: null, baseline: null, ratio: null, target: null, met: null },
  ]);
} finally {
  await server.stop();
}
