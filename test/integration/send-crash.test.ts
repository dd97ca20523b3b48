// A message is sent once: the sending process is killed with SIGKILL at the moments where a
// crash could make it go twice (after DATA went out and before the reply was read, after the
// server accepted it and before the outbox recorded that, after the Sent copy was stored).
// After a restart it is delivered to bob exactly once through Postfix and Dovecot, or held
// for the user's word ("may already have been sent"), never sent again on its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { CrashStep } from '../../electron/crash/crash-point.ts';
import { DatabaseSync } from 'node:sqlite';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { integrityProblems } from '../../electron/store/store-backup.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { postfixSkipReason, startPostfix, type PostfixServer } from '../servers/postfix.ts';
import { connectAs } from '../servers/seed.ts';
import { eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

const CHILD = join(import.meta.dirname, '..', 'servers', 'send-crash-child.ts');
const skip = dovecotSkipReason() || postfixSkipReason();

type ChildEnd = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly output: string };

function runChild(dataDir: string, caFile: string, subject: string, point: CrashStep): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, caFile, subject], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LETTERBOX_CRASH_AT: `${point}:1` },
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.stderr.on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve({ code, signal, output });
    });
  });
}

async function copiesIn(client: ImapFlow, path: string, subject: string): Promise<number> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    await client.noop();
    if (client.mailbox === false || client.mailbox.exists === 0) return 0;
    const messages = await client.fetchAll('1:*', { envelope: true });
    return messages.filter((message) => message.envelope?.subject === subject).length;
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

function outboxStates(dataDir: string): readonly string[] {
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  try {
    return database.prepare('SELECT state FROM outbox ORDER BY id').all().map((row) => String(row.state));
  } finally {
    database.close();
  }
}

// What PRAGMA integrity_check finds wrong in the store a killed process left, before anything
// opens it again.
function integrityProblemsIn(dataDir: string): readonly string[] {
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  try {
    return integrityProblems(database);
  } finally {
    database.close();
  }
}

describe('sending survives SIGKILL without sending twice', { skip }, () => {
  let dovecot: DovecotServer;
  let postfix: PostfixServer;
  let bob: ImapFlow;
  let alice: ImapFlow;
  const dir = makeTempDir('lb-send-crash-');
  const harnesses: ServiceHarness[] = [];
  let caFile = '';
  let killPointsTried = 0;

  before(async () => {
    dovecot = await startDovecot({ mta: true });
    postfix = await startPostfix(dovecot);
    bob = await connectAs(dovecot, 'bob');
    alice = await connectAs(dovecot, 'alice');
    caFile = join(dir.path, 'ca.pem');
    writeFileSync(caFile, dovecot.caCertificate);
  });

  after(async () => {
    console.log(`send crash: ${killPointsTried} kill points tried`);
    for (const harness of harnesses) await harness.close();
    await bob.logout().catch(() => undefined);
    await alice.logout().catch(() => undefined);
    await postfix.stop();
    await dovecot.stop();
    dir.remove();
  });

  // A data directory with alice's account (sending at once, no undo delay), its folders known.
  async function aliceDataDir(name: string): Promise<string> {
    const dataDir = join(dir.path, name);
    const harness = await openHarness(dataDir);
    await harness.request('addAccount', {
      kind: 'imap',
      name: 'Alice Example',
      email: 'alice@example.org',
      password: dovecot.user('alice').password,
      incoming: { host: dovecot.host, port: dovecot.imapsPort, security: 'tls', username: 'alice' },
      outgoing: { host: postfix.host, port: postfix.submissionPort, security: 'starttls', username: 'alice' },
    });
    await harness.request('setSendDelay', { seconds: 0 });
    await foldersKnown(harness);
    await harness.close();
    return dataDir;
  }

  async function openHarness(dataDir: string): Promise<ServiceHarness> {
    const harness = startServiceHarness(dovecot, { dataDir });
    harnesses.push(harness);
    await foldersKnown(harness);
    return harness;
  }

  // Sent and Drafts are known once a sync listed the folders.
  async function foldersKnown(harness: ServiceHarness): Promise<void> {
    const account = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'imap');
    if (account === undefined) return;
    await eventually(async () => {
      const roles = (await harness.request('listFolders', { accountId: account.id })).map((folder) => folder.role);
      assert.ok(roles.includes('sent') && roles.includes('drafts'));
    }, 20_000);
  }

  async function crashAt(point: CrashStep, subject: string): Promise<string> {
    const dataDir = await aliceDataDir(point);
    const end = await runChild(dataDir, caFile, subject, point);
    assert.equal(end.signal, 'SIGKILL', `the child was killed at ${point}, not finished: ${end.output}`);
    killPointsTried += 1;
    assert.deepEqual(integrityProblemsIn(dataDir), [], `the store after a kill at ${point}`);
    return dataDir;
  }

  it('holds a message killed after the server accepted DATA, and "Move to drafts" keeps bob at one copy', { timeout: 120_000 }, async () => {
    const subject = 'Killed after 250';
    const dataDir = await crashAt('smtp-accepted', subject);
    // The server took it; the outbox never heard: the row is still 'sending'.
    assert.deepEqual(outboxStates(dataDir), ['sending']);
    await eventually(async () => {
      assert.equal(await copiesIn(bob, 'INBOX', subject), 1);
    }, 15_000);

    const harness = await openHarness(dataDir);
    await eventually(async () => {
      const [item, ...others] = await harness.request('listOutbox', {});
      assert.equal(others.length, 0);
      assert.equal(item?.state, 'held');
      assert.match(item.lastError ?? '', /may already have been sent/);
    }, 20_000);
    // Held, not resent: a sync round and a kick of the outbox change nothing.
    const imap = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'imap');
    assert.ok(imap);
    await harness.request('syncAccount', { accountId: imap.id });
    assert.equal((await harness.request('listOutbox', {}))[0]?.state, 'held');
    assert.equal(await copiesIn(bob, 'INBOX', subject), 1);

    const [held] = await harness.request('listOutbox', {});
    assert.ok(held);
    const draft = await harness.request('resolveHeldOutbox', { outboxId: held.id, choice: 'moveToDrafts' });
    assert.ok(draft);
    assert.equal(draft.fields.subject, subject);
    assert.deepEqual(draft.fields.to, ['Bob Example <bob@example.org>']);
    assert.equal(draft.fields.body, `This is "${subject}".\n`);
    assert.equal((await harness.request('listOutbox', {})).length, 0);
    await eventually(async () => {
      assert.equal(await copiesIn(alice, 'Drafts', subject), 1);
    }, 15_000);
    assert.equal(await copiesIn(bob, 'INBOX', subject), 1);
  });

  it('holds a message killed after its DATA went out and before the reply, and sends it again only when asked', { timeout: 120_000 }, async () => {
    const subject = 'Killed before the reply';
    const dataDir = await crashAt('smtp-data-sent', subject);
    assert.deepEqual(outboxStates(dataDir), ['sending']);

    const harness = await openHarness(dataDir);
    await eventually(async () => {
      assert.equal((await harness.request('listOutbox', {}))[0]?.state, 'held');
    }, 20_000);
    // Whatever the server made of the cut session, the client has not sent it again.
    const before = await copiesIn(bob, 'INBOX', subject);
    assert.ok(before <= 1, `at most the interrupted copy arrived (${String(before)})`);

    const [held] = await harness.request('listOutbox', {});
    assert.ok(held);
    assert.equal(await harness.request('resolveHeldOutbox', { outboxId: held.id, choice: 'sendAgain' }), null);
    await eventually(async () => {
      assert.equal((await harness.request('listOutbox', {})).length, 0);
      assert.ok((await copiesIn(bob, 'INBOX', subject)) >= before + 1);
    }, 20_000);
    assert.ok((await copiesIn(bob, 'INBOX', subject)) <= 2);
    assert.equal(await copiesIn(alice, 'Sent', subject), 1);
  });

  it('finishes a message killed after its Sent copy was stored: one copy for bob, one in Sent', { timeout: 120_000 }, async () => {
    const subject = 'Killed after the Sent copy';
    const dataDir = await crashAt('sent-copy-appended', subject);
    // Accepted and recorded: only the bookkeeping after the Sent copy was left.
    assert.deepEqual(outboxStates(dataDir), ['sent']);
    assert.equal(await copiesIn(alice, 'Sent', subject), 1);

    const harness = await openHarness(dataDir);
    await eventually(async () => {
      assert.equal((await harness.request('listOutbox', {})).length, 0);
    }, 20_000);
    await eventually(async () => {
      assert.equal(await copiesIn(bob, 'INBOX', subject), 1);
    }, 15_000);
    assert.equal(await copiesIn(alice, 'Sent', subject), 1);
  });
});
