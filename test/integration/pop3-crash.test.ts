// Never lose a message: a process downloading 2,000 messages with "delete after download" is
// killed with SIGKILL at random moments (mid-RETR, mid-commit, mid-DELE). After each restart
// no message is local twice, and once a session finishes every message is local exactly once
// and the server holds none that is not.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { openStore } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles } from '../servers/pop3-local-fixture.ts';
import { appendMessages, generateMessage, seedMessageId } from '../servers/seed.ts';

const skip = dovecotSkipReason();
const TOTAL = 2000;
const KILLS = 3;
const USER = { username: 'crash', password: 'crash-pw-1' };
const CHILD = join(import.meta.dirname, '..', 'servers', 'pop3-check-child.ts');

type ChildEnd = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly retrieved: number; readonly deleted: number; readonly output: string };

type KillAt = { readonly retrieved: number } | { readonly deleted: number };

// Runs the child; with killAt, sends SIGKILL once that many RETRs (or DELEs) were answered,
// plus a random few milliseconds so the kill lands anywhere in a batch or its commit.
function runChild(args: readonly string[], killAt: KillAt | null): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    // A child that is to be killed never QUITs: on a loaded machine it could otherwise send
    // its last DELEs and QUIT before the kill lands, and the test would no longer be about
    // a session that died without QUIT.
    const env = killAt === null ? process.env : { ...process.env, LETTERBOX_TEST_HOLD_BEFORE_QUIT: '1' };
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let retrieved = 0;
    let deleted = 0;
    let output = '';
    let armed = killAt !== null;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdout.on('data', (chunk: string) => {
      output += chunk.length > 200 ? '' : chunk.replace(/[rd]\n/g, '');
      retrieved += (chunk.match(/r\n/g) ?? []).length;
      deleted += (chunk.match(/d\n/g) ?? []).length;
      const due = killAt !== null && ('retrieved' in killAt ? retrieved >= killAt.retrieved : deleted >= killAt.deleted);
      if (armed && due) {
        armed = false;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve({ code, signal, retrieved, deleted, output });
    });
  });
}

describe('POP3 download survives SIGKILL at random moments', { skip }, () => {
  let server: DovecotServer;
  const dir = makeTempDir('lb-pop3-crash-');

  before(async () => {
    server = await startDovecot({ users: [USER] });
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it(`keeps each of ${TOTAL} messages exactly once through ${KILLS} kills`, { timeout: 240_000 }, async () => {
    await appendMessages(server, USER.username, 'INBOX', Array.from({ length: TOTAL }, (_, i) => ({ raw: generateMessage(i) })));
    const caFile = join(dir.path, 'ca.pem');
    writeFileSync(caFile, server.caCertificate);
    const dataDir = join(dir.path, 'data');
    const args = [dataDir, server.host, String(server.pop3sPort), USER.username, USER.password, caFile];

    async function inspect(): Promise<{ readonly ids: readonly string[]; readonly ledger: number }> {
      const store = openStore(dataDir);
      try {
        const account = await store.local.localAccount();
        const ids: string[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await store.messages.listPage(account.inboxId, offset, 1000);
          if (page === null || page.items.length === 0) break;
          ids.push(...page.items.map((item) => item.messageId ?? ''));
        }
        const pop3 = (await store.accounts.list()).find((candidate) => candidate.kind === 'pop3');
        return { ids, ledger: pop3 === undefined ? 0 : (await store.pop3.ledger(pop3.id)).size };
      } finally {
        store.close();
      }
    }

    async function serverCount(): Promise<number> {
      const session = await openPop3Session({
        host: server.host,
        port: server.pop3sPort,
        security: 'tls',
        username: USER.username,
        password: USER.password,
        trustedCertificates: [server.caCertificate],
      });
      try {
        return (await session.stat()).messageCount;
      } finally {
        await session.quit();
      }
    }

    let before = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      // Somewhere in the next stretch of downloads; the last kill among the DELEs, which are
      // sent once every download is committed (and which a killed session never QUITs).
      const killAt: KillAt =
        kill < KILLS - 1 ? { retrieved: Math.floor(Math.random() * (TOTAL / KILLS)) + 1 } : { deleted: Math.floor(Math.random() * 1000) + 1 };
      const end = await runChild(args, killAt);
      assert.equal(end.signal, 'SIGKILL', `child ${kill + 1} was killed, not finished: ${end.output}`);
      const state = await inspect();
      // No duplicates, every local message in the ledger, progress kept across the crash.
      assert.equal(new Set(state.ids).size, state.ids.length, 'no message is local twice');
      assert.equal(state.ledger, state.ids.length, 'every local message is in the ledger and no other');
      assert.ok(state.ids.length >= before, 'what was committed stays committed');
      before = state.ids.length;
      // RFC 1939 6: a session killed before QUIT deleted nothing, whatever DELEs it had sent.
      assert.equal(await serverCount(), TOTAL, 'nothing was deleted without QUIT');
      console.log(`  kill ${kill + 1}: after ${end.retrieved} RETRs, ${end.deleted} DELEs; ${state.ids.length} messages local`);
    }

    const finish = await runChild(args, null);
    assert.equal(finish.code, 0, finish.output);
    const state = await inspect();
    assert.equal(state.ids.length, TOTAL);
    assert.deepEqual(new Set(state.ids), new Set(Array.from({ length: TOTAL }, (_, i) => seedMessageId(i))));
    assert.equal(maildirFiles(dataDir, '').cur.length, TOTAL, 'one file per message in cur/');
    assert.equal(maildirFiles(dataDir, '').tmp.length, 0, 'nothing left in tmp/');
    assert.equal(await serverCount(), 0, 'the server holds no message that is not local');
  });
});
