// Where the time of a full offline sync goes (docs/decisions.md, "Full offline sync: where
// the time goes"): runs offline-sync-child.ts against a private Dovecot holding the corpus
// and samples, every PROFILE_SAMPLE_MS, the CPU time of each of the child's threads and of
// the Dovecot imap process serving it (/proc, Linux only). Prints, for the header phase and
// the body phase, CPU µs per message by thread and how busy the two cores were, as one
// PROFILE line of JSON. Extra node flags for the child (e.g. --cpu-prof --cpu-prof-dir=DIR)
// come from PROFILE_CHILD_FLAGS. Not part of `npm run bench`: CPU time is the steady figure
// on a shared machine, and this is for finding what to change, not for the table.
//   BENCH_MESSAGES=10000 node bench/support/offline-sync-profile.ts
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDovecot, type DovecotServer } from '../../test/servers/dovecot.ts';
import { connectAs, writeMaildirMessages } from '../../test/servers/seed.ts';
import { corpusFlags, corpusMessage } from './corpus.ts';
import { offlineSyncRequest } from './offline-sync-request.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
const sampleMs = Number(process.env.PROFILE_SAMPLE_MS ?? 100);
const childFlags = (process.env.PROFILE_CHILD_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const here = dirname(fileURLToPath(import.meta.url));
const tickUs = 10_000; // USER_HZ is 100 on Linux

type ThreadTicks = ReadonlyMap<string, { readonly name: string; readonly ticks: number }>;

function ticksOf(statPath: string): number | null {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // The fields after the command's closing parenthesis; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function threadsOf(pid: number): ThreadTicks {
  const threads = new Map<string, { name: string; ticks: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const ticks = ticksOf(`/proc/${pid}/task/${tid}/stat`);
    if (ticks === null) continue;
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      // gone meanwhile
    }
    threads.set(tid, { name, ticks });
  }
  return threads;
}

// Dovecot's imap processes of this server (children of its master), with their CPU ticks.
function dovecotImapTicks(server: DovecotServer): ReadonlyMap<string, number> {
  const master = Number(readFileSync(join(server.dir, 'run', 'master.pid'), 'utf8').trim());
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== master || command !== 'imap') continue;
      ticks.set(entry, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

// Ticks the imap processes used between two samples (one that ended meanwhile: up to its last sample).
function dovecotDelta(from: Sample, to: Sample): number {
  let total = 0;
  for (const [pid, ticks] of to.dovecot) total += ticks - (from.dovecot.get(pid) ?? 0);
  return total;
}

type Sample = { readonly at: number; readonly threads: ThreadTicks; readonly dovecot: ReadonlyMap<string, number> };
type Phase = { readonly name: string; readonly from: Sample; readonly to: Sample };

// Threads by role: the main thread, the worker threads in the order they started (the
// header writer is the first, started by the first header write; any thread added to the
// header sync later shifts the numbers), the rest summed.
function role(tid: string, name: string, workers: readonly string[]): string {
  if (name === 'MainThread' || name === 'node') return 'main';
  const index = workers.indexOf(tid);
  if (index === 0) return 'worker 1 (header writer)';
  if (index > 0) return `worker ${index + 1}`;
  if (name === 'V8Worker' || name === 'DelayedTaskSche') return 'V8 helpers (GC, compiler)';
  return `other (${name})`;
}

function summarize(phase: Phase, workers: readonly string[]): Record<string, unknown> {
  const wallMs = phase.to.at - phase.from.at;
  const byRole = new Map<string, number>();
  for (const [tid, thread] of phase.to.threads) {
    const before = phase.from.threads.get(tid)?.ticks ?? 0;
    const key = role(tid, thread.name, workers);
    byRole.set(key, (byRole.get(key) ?? 0) + (thread.ticks - before) * tickUs);
  }
  byRole.set('dovecot imap', dovecotDelta(phase.from, phase.to) * tickUs);
  const totalUs = [...byRole.values()].reduce((sum, value) => sum + value, 0);
  return {
    phase: phase.name,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(totalUs / 1000),
    coresBusy: Number((totalUs / 1000 / wallMs).toFixed(2)),
    usPerMessage: Object.fromEntries([...byRole.entries()].sort((a, b) => b[1] - a[1]).map(([key, us]) => [key, Math.round(us / messageCount)])),
  };
}

// How many of the body phase's samples had each thread busy (>= half the interval): shows
// idle gaps that batching or serialisation leaves.
function busyShare(samples: readonly Sample[], workers: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (let index = 1; index < samples.length; index += 1) {
    const from = samples[index - 1];
    const to = samples[index];
    if (from === undefined || to === undefined) continue;
    const intervalTicks = (to.at - from.at) / (tickUs / 1000);
    const busy = new Map<string, number>();
    for (const [tid, thread] of to.threads) {
      const key = role(tid, thread.name, workers);
      busy.set(key, (busy.get(key) ?? 0) + thread.ticks - (from.threads.get(tid)?.ticks ?? 0));
    }
    busy.set('dovecot imap', dovecotDelta(from, to));
    let all = 0;
    for (const [key, ticks] of busy) {
      all += ticks;
      if (ticks >= intervalTicks / 2) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (all >= intervalTicks * 1.8) counts.set('both cores >= 90%', (counts.get('both cores >= 90%') ?? 0) + 1);
  }
  const total = Math.max(1, samples.length - 1);
  return Object.fromEntries([...counts.entries()].map(([key, count]) => [key, Number((count / total).toFixed(2))]));
}

const server = await startDovecot();
const workDir = mkdtempSync(join(tmpdir(), 'letterbox-offline-profile-'));
try {
  writeMaildirMessages(server, 'alice', 'INBOX', { count: messageCount, message: corpusMessage }, corpusFlags);
  // Dovecot indexes the new Maildir and reads every file once: not the sync's to pay.
  const client = await connectAs(server, 'alice');
  const lock = await client.getMailboxLock('INBOX', { readOnly: true });
  try {
    for await (const message of client.fetch('1:*', { uid: true, source: true })) if (message.source === undefined) throw new Error('no source');
  } finally {
    lock.release();
  }
  await client.logout();

  const request = offlineSyncRequest(server, join(workDir, 'data'), 'all', messageCount);
  const child = spawn(process.execPath, [...childFlags, join(here, 'offline-sync-child.ts')], {
    env: { ...process.env, OFFLINE_SYNC_REQUEST: JSON.stringify(request), OFFLINE_SYNC_PHASES: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the child did not start');
  const samples: Sample[] = [];
  const sample = (): Sample => ({ at: performance.now(), threads: threadsOf(pid), dovecot: dovecotImapTicks(server) });
  const marks = new Map<string, Sample>();
  let result = '';
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.startsWith('OFFLINE_SYNC_PHASE ')) {
        const taken = sample();
        samples.push(taken);
        marks.set(line.slice('OFFLINE_SYNC_PHASE '.length), taken);
      } else if (line.startsWith('OFFLINE_SYNC ')) result = line;
    }
  });
  const timer = setInterval(() => samples.push(sample()), sampleMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the child exited with ${code}`);
  const started = marks.get('started');
  const headers = marks.get('headers');
  const ended = marks.get('ended');
  if (started === undefined || headers === undefined || ended === undefined) throw new Error('the child reported no phases');
  // Worker threads in the order they started (thread ids grow), as seen by the end.
  const workers = [...ended.threads.entries()].filter(([, thread]) => thread.name === 'WorkerThread').map(([tid]) => tid).sort((a, b) => Number(a) - Number(b));
  const bodySamples = samples.filter((entry) => entry.at >= headers.at && entry.at <= ended.at);
  console.log(
    `PROFILE ${JSON.stringify({
      messages: messageCount,
      headers: summarize({ name: 'headers', from: started, to: headers }, workers),
      bodies: summarize({ name: 'bodies', from: headers, to: ended }, workers),
      bodyBusyShare: busyShare(bodySamples, workers),
      result: result === '' ? null : JSON.parse(result.slice('OFFLINE_SYNC '.length)) as unknown,
    })}`,
  );
} finally {
  if (existsSync(workDir)) rmSync(workDir, { recursive: true, force: true });
  await server.stop();
}
