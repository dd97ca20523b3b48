// POP3 download (issue 6): a new POP3 account's first check, every message of a maildrop
// downloaded over POP3S into Local Folders (written, fsynced, indexed, committed), beside
// fetchmail downloading the same maildrop from the same Dovecot into a Maildir through an
// fsyncing MDA (bench/support/fetchmail.ts), in the same run. Both leave the mail on the
// server. Target: no slower than fetchmail (ratio >= 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../electron/service/create-service.ts';
import type { Account, Folder } from '../shared/domain.ts';
import { startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { writeMaildirMessages } from '../test/servers/seed.ts';
import { corpusMessage } from './support/corpus.ts';
import { fetchmailConfig, hasFetchmail, runFetchmail } from './support/fetchmail.ts';
import { reportFigures } from './support/figures.ts';
import { createMemorySecretStore } from './support/memory-secret-store.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 10_000);
// Interleaved rounds, each side judged by its best (this VM's timings swing run to run).
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

// From the check's "connecting" status to its "idle" one: login, UIDL, every RETR, the
// deliveries and QUIT. The add-account login test before it is not counted.
async function letterboxDownload(server: DovecotServer): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-pop3-'));
  const service = createService({
    dataDir,
    secretStore: createMemorySecretStore(),
    trustedCertificates: [server.caCertificate],
    openExternal: () => Promise.resolve(false),
  });
  const user = server.user('alice');
  const timing: { started: number | null } = { started: null };
  let resolveDone: (at: number) => void = () => undefined;
  let rejectDone: (error: Error) => void = () => undefined;
  const done = new Promise<number>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  service.subscribe((event, payload) => {
    if (event !== 'status') return;
    const status = payload as { state: string; text: string; accountId: string | null };
    if (process.env.BENCH_DEBUG !== undefined) console.log(JSON.stringify(status));
    if (status.accountId === null) return;
    if (timing.started === null && status.state === 'connecting') timing.started = performance.now();
    else if (timing.started !== null && status.state === 'idle') resolveDone(performance.now());
    else if (status.state === 'error' || status.state === 'offline') rejectDone(new Error(`POP3 check failed: ${status.text}`));
  });
  // The POP3 scheduler's timers are unref'd (they must not keep the app alive); here nothing
  // else may be holding the event loop open while the check runs.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const added = await service.dispatch('addAccount', {
      kind: 'pop3',
      email: 'alice@example.org',
      password: user.password,
      incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: user.username },
      outgoing: null,
      pop3: { leaveOnServer: true, checkIntervalSeconds: 3600 },
    });
    if (!added.ok) throw new Error(`addAccount failed: ${added.error.message}`);
    const finished = await done;
    if (timing.started === null) throw new Error('the check never reported that it was connecting');
    const accounts = await service.dispatch('listAccounts', {});
    if (!accounts.ok) throw new Error(accounts.error.message);
    const local = (accounts.value as readonly Account[]).find((account) => account.kind === 'local');
    if (local === undefined) throw new Error('no Local Folders account');
    const folders = await service.dispatch('listFolders', { accountId: local.id });
    if (!folders.ok) throw new Error(folders.error.message);
    const inbox = (folders.value as readonly Folder[]).find((folder) => folder.role === 'inbox');
    if (inbox?.totalCount !== messageCount) throw new Error(`Local Folders hold ${inbox?.totalCount} Inbox messages, expected ${messageCount}`);
    return finished - timing.started;
  } finally {
    clearInterval(keepAlive);
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const server = await startDovecot();
const workDir = mkdtempSync(join(tmpdir(), 'letterbox-bench-fetchmail-'));
try {
  console.log(`seeding ${messageCount} messages into Dovecot…`);
  writeMaildirMessages(server, 'alice', 'INBOX', { count: messageCount, message: corpusMessage });
  const fetchmail = hasFetchmail() ? fetchmailConfig(server, join(workDir, 'fetchmail')) : null;
  if (fetchmail === null) console.log('fetchmail is not installed (apt-get install fetchmail): no baseline in this run');
  // Dovecot indexes the new Maildir on its first session: not ours to time.
  if (fetchmail !== null) runFetchmail(fetchmail, messageCount);
  else await letterboxDownload(server);

  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (fetchmail !== null) theirs.push(runFetchmail(fetchmail, messageCount));
    ours.push(await letterboxDownload(server));
  }
  const oursMs = Math.min(...ours);
  const theirsMs = theirs.length === 0 ? null : Math.min(...theirs);
  const ratio = theirsMs === null ? null : theirsMs / oursMs;
  const perSecond = (ms: number) => Math.round((messageCount / ms) * 1000);
  console.log(`messages: ${messageCount}, rounds: ${rounds}, interleaved, each the best of its rounds`);
  if (theirsMs !== null) console.log(`fetchmail into Maildir:          ${perSecond(theirsMs)} messages/s  [median ${median(theirs).toFixed(0)} ms]`);
  console.log(`letterbox into Local Folders:    ${perSecond(oursMs)} messages/s  [median ${median(ours).toFixed(0)} ms]`);
  reportFigures(`POP3 download of ${messageCount} messages`, [
    {
      name: 'POP3 download into Local Folders',
      value: oursMs,
      unit: 'ms',
      baselineName: 'fetchmail into Maildir (fsync MDA)',
      baseline: theirsMs,
      ratio,
      target: 'ratio >= 1 (no slower than fetchmail)',
      met: ratio === null ? null : ratio >= 1,
    },
  ]);
} finally {
  await server.stop();
  rmSync(workDir, { recursive: true, force: true });
}
