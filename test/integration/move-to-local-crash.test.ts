// Never lose a message moved to Local Folders (issue 6, "the same crash test for IMAP 'move
// to local' of 500 messages"): a child process moves the 500 messages of a Dovecot folder
// into a local folder ("Move folder's mail to local…", 100 at a time, each through the
// per-message protocol) and is killed with SIGKILL at random moments across runs: while a
// batch is written, fsynced, committed, verified, or while the server removes it. After each
// kill, before anything restarts, every message is on the server or here with the SHA-256
// of the server's bytes (or both), never neither, and never here twice. A finishing run then
// leaves each exactly once here and none on the server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { inspectMove, prepareMoveRun, type MoveCrashConfig } from '../servers/move-to-local-crash-setup.ts';
import { appendMessages, generateMessage, seedMessageId } from '../servers/seed.ts';
import { seedSha } from '../servers/crash-harness-setup.ts';

const skip = dovecotSkipReason();
const TOTAL = 500;
const KILLS = 5;
const USER = { username: 'mover', password: 'mover-pw-1' };
const CHILD = join(import.meta.dirname, '..', 'servers', 'move-to-local-crash-child.ts');
// The child reports, per 20-message round (save-locally.ts), a line for the copies written
// here (the server folder is named in that change too) and one for the round removed there.
const LINES_PER_MESSAGE = 3 / 20;

type ChildEnd = {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: number;
  readonly output: string;
};

// A kill from outside at a random moment, or the child's own at an instrumented step
// (electron/crash/crash-point.ts) reached for the n-th time.
type Kill = { readonly afterLines: number } | { readonly crashAt: string };

// Steps a move to local passes for each message (file-written, fsync, rename) or each
// 20-message round (store-commit twice: the copies, then their verification; STORE \Deleted;
// UID EXPUNGE), with how many messages one occurrence stands for.
const STEPS: readonly { readonly step: string; readonly perMessages: number }[] = [
  { step: 'fsync', perMessages: 1 },
  { step: 'rename', perMessages: 1 },
  { step: 'store-commit', perMessages: 10 },
  { step: 'imap-store', perMessages: 20 },
  { step: 'imap-expunge', perMessages: 20 },
];

// afterLines: SIGKILL once that many progress lines came, plus a random few milliseconds so
// the kill lands anywhere in a round: mid-write, mid-fsync, mid-commit, mid-verify, between
// STORE \Deleted and UID EXPUNGE.
function runChild(dataDir: string, config: MoveCrashConfig, kill: Kill | null): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.LETTERBOX_CRASH_AT;
    delete env.LETTERBOX_CRASH_COUNT;
    if (kill !== null && 'crashAt' in kill) env.LETTERBOX_CRASH_AT = kill.crashAt;
    const killAfter = kill !== null && 'afterLines' in kill ? kill.afterLines : null;
    const child = spawn(process.execPath, [CHILD, dataDir, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let lines = 0;
    let output = '';
    let armed = killAfter !== null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      lines += (chunk.match(/^[wx]$/gm) ?? []).length;
      output += chunk.replace(/^[wx]\n/gm, '');
      if (armed && killAfter !== null && lines >= killAfter) {
        armed = false;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 60));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, lines, output });
    });
  });
}

describe('Move to local survives SIGKILL at random moments', { skip }, () => {
  let server: DovecotServer;
  const dir = makeTempDir('lb-move-crash-');

  before(async () => {
    server = await startDovecot({ users: [USER] });
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it(
    `keeps each of ${TOTAL} messages on the server or here through ${KILLS} kills, then here exactly once`,
    { timeout: 300_000 },
    async () => {
      await appendMessages(
        server,
        USER.username,
        'Archive',
        Array.from({ length: TOTAL }, (_, i) => ({ raw: generateMessage(i) })),
      );
      const dataDir = join(dir.path, 'data');
      const config = await prepareMoveRun(server, USER.username, dataDir);
      const seeds = Array.from({ length: TOTAL }, (_, i) => ({ id: seedMessageId(i), sha: seedSha(i) }));

      // Each message on the server, or here with the server's bytes; never here twice. What
      // goes wrong is collected, so the summary line counts it before the test fails on it.
      const lost = new Set<string>();
      const duplicated = new Set<string>();
      const problems: string[] = [];
      async function check(label: string): Promise<{ readonly here: number; readonly onServer: number }> {
        const state = await inspectMove(server, USER.username, dataDir);
        assert.deepEqual(state.integrity, ['ok'], `${label}: PRAGMA integrity_check`);
        assert.deepEqual(state.unknownFiles, [], `${label}: cur/ holds no file the store does not know`);
        let here = 0;
        for (const seed of seeds) {
          const copies = state.local.get(seed.id) ?? [];
          const good = copies.filter((hash) => hash === seed.sha).length;
          if (good === 0 && !state.server.includes(seed.id)) {
            lost.add(seed.id);
            problems.push(`${label}: ${seed.id} is neither on the server nor here (here: ${JSON.stringify(copies)})`);
          }
          if (good !== copies.length) problems.push(`${label}: a copy of ${seed.id} here differs from the server's bytes`);
          if (copies.length > 1) {
            duplicated.add(seed.id);
            problems.push(`${label}: ${seed.id} is here ${copies.length} times`);
          }
          if (good > 0) here += 1;
        }
        return { here, onServer: state.server.length };
      }

      let kills = 0;
      let remaining = TOTAL;
      for (let run = 1; run <= KILLS; run += 1) {
        // Somewhere in the first half of what is left, so each later run has work to be killed
        // in: at a random moment, or (every second run) at a random instrumented step.
        const share = Math.random() / 2;
        const step = STEPS[Math.floor(Math.random() * STEPS.length)];
        const kill: Kill =
          run % 2 === 0 && step !== undefined
            ? { crashAt: `${step.step}:${1 + Math.floor((share * remaining) / step.perMessages)}` }
            : { afterLines: 1 + Math.floor(share * remaining * LINES_PER_MESSAGE) };
        const end = await runChild(dataDir, config, kill);
        assert.equal(end.signal, 'SIGKILL', `run ${run} was killed, not finished: ${end.output}`);
        kills += 1;
        const state = await check(`after kill ${run}`);
        remaining = state.onServer;
        const where = 'crashAt' in kill ? `at ${kill.crashAt}` : `after ${end.lines} progress lines`;
        console.log(`  kill ${run} ${where}: ${state.here} here, ${state.onServer} on the server`);
      }

      const finish = await runChild(dataDir, config, null);
      assert.equal(finish.code, 0, finish.output);
      assert.match(finish.output, /^done /m);
      await check('after the finishing run');
      const state = await inspectMove(server, USER.username, dataDir);
      const notOnce = seeds.filter((seed) => JSON.stringify(state.local.get(seed.id)) !== JSON.stringify([seed.sha]));
      console.log(
        `move to local crash test: ${kills} kills, ${TOTAL} messages, ${lost.size} lost, ${duplicated.size} duplicated`,
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(state.server, [], 'the server keeps none of the moved messages');
      assert.deepEqual(state.tmpFiles, [], 'nothing left in tmp/');
      assert.deepEqual(
        notOnce.map((seed) => seed.id),
        [],
        "each is here exactly once, with the server's bytes",
      );
    },
  );
});
