// A canary password goes through account setup, a sync, opening a message, a failed login,
// a SIGKILL in the middle of a sync and a restart, against a real Dovecot. Afterwards it is
// nowhere in the data directory (every file's bytes: the SQLite database, its WAL and shm,
// the secrets file, any log), nor in anything the service sent towards the renderer (every
// response and event), nor in the service's log, in any of the forms it could leak in: plain,
// UTF-16, hex, base64 (at every alignment, and base64url), and the base64 of the SASL PLAIN
// "\0user\0password" IMAP logs in with. The passwords are kept by the safeStorage secret
// store, with an AES-GCM key outside the data directory standing in for the OS keyring.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';

const skip = dovecotSkipReason();
const CHILD = join(import.meta.dirname, '..', 'servers', 'service-child.ts');
const USERNAME = 'canary';
// Random, so nothing else on the disk matches it by chance; no ':' (Dovecot's passwd-file).
const CANARY = `Cnry-${randomBytes(12).toString('hex')}-pW`;
const SEEDED = 6;

type Form = { readonly name: string; readonly bytes: Buffer };

// Every way the password could be written down by something that meant to hide or pass it on.
function canaryForms(password: string, username: string): readonly Form[] {
  const plain = Buffer.from(password, 'utf8');
  const forms: Form[] = [
    { name: 'plain', bytes: plain },
    { name: 'UTF-16', bytes: Buffer.from(password, 'utf16le') },
    { name: 'hex', bytes: Buffer.from(plain.toString('hex')) },
    { name: 'HEX', bytes: Buffer.from(plain.toString('hex').toUpperCase()) },
    { name: 'SASL PLAIN base64 (\\0user\\0password)', bytes: Buffer.from(Buffer.from(`\0${username}\0${password}`).toString('base64')) },
    { name: 'SASL PLAIN base64 (user\\0user\\0password)', bytes: Buffer.from(Buffer.from(`${username}\0${username}\0${password}`).toString('base64')) },
    { name: 'URL-encoded', bytes: Buffer.from(encodeURIComponent(password)) },
  ];
  // Inside a longer base64 text the password's characters depend on its offset modulo 3:
  // the groups that hold only password bytes are the same whatever surrounds them.
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x41), plain, Buffer.alloc(3, 0x41)]).toString('base64');
    const core = encoded.slice(Math.ceil(offset / 3) * 4, Math.floor((offset + plain.length) / 3) * 4);
    forms.push({ name: `base64 at offset ${offset}`, bytes: Buffer.from(core) });
    forms.push({ name: `base64url at offset ${offset}`, bytes: Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_')) });
  }
  return forms;
}

function findCanary(haystack: Buffer, forms: readonly Form[]): readonly string[] {
  return forms.filter((form) => haystack.includes(form.bytes)).map((form) => form.name);
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

type Child = {
  readonly process: ChildProcess;
  request(channel: string, args: unknown): Promise<{ readonly ok: boolean; readonly value?: unknown; readonly error?: { readonly code: string; readonly message: string } }>;
  readonly exited: Promise<void>;
};

describe('a canary password leaves no trace', { skip }, () => {
  const dir = makeTempDir('lb-secrets-canary-');
  const dataDir = join(dir.path, 'data');
  const keyringDir = join(dir.path, 'keyring');
  let server: DovecotServer;
  // Everything the service wrote to stdout (responses and events, i.e. what a transport
  // carries to the renderer) and to stderr (its log), over both runs.
  let transcript = '';
  let log = '';
  let requestCount = 0;
  let eventCount = 0;

  function startChild(): Promise<Child> {
    const child = spawn(process.execPath, [CHILD, dataDir, join(keyringDir, 'key.hex'), join(keyringDir, 'ca.pem')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const waiting = new Map<number, (result: never) => void>();
    let buffered = '';
    let nextId = 1;
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      transcript += chunk;
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as { type: string; id?: number; result?: never };
        buffered = buffered.slice(newline + 1);
        if (line.type === 'ready') markReady();
        if (line.type === 'event') eventCount += 1;
        if (line.type === 'response' && line.id !== undefined) waiting.get(line.id)?.(line.result as never);
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => {
        resolve();
      });
    });
    return ready.then(() => ({
      process: child,
      exited,
      request(channel, args) {
        const id = nextId++;
        requestCount += 1;
        return new Promise((resolve) => {
          waiting.set(id, resolve);
          child.stdin.write(`${JSON.stringify({ id, channel, args })}\n`);
        });
      },
    }));
  }

  async function inboxTotal(child: Child, accountId: string): Promise<number> {
    const folders = await child.request('listFolders', { accountId });
    const inbox = (folders.value as { id: string; path: string }[] | undefined)?.find((folder) => folder.path === 'INBOX');
    if (inbox === undefined) return -1;
    const page = await child.request('listMessages', { folderId: inbox.id, offset: 0, limit: 100 });
    return (page.value as { total: number } | undefined)?.total ?? -1;
  }

  async function waitForInbox(child: Child, accountId: string, total: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const seen = await inboxTotal(child, accountId);
      if (seen >= total) return;
      assert.ok(Date.now() < deadline, `the Inbox shows ${total} messages (it shows ${seen}); log: ${log.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  before(async () => {
    server = await startDovecot({ users: [{ username: USERNAME, password: CANARY }] });
    mkdirSync(keyringDir, { mode: 0o700 });
    writeFileSync(join(keyringDir, 'key.hex'), randomBytes(32).toString('hex'));
    writeFileSync(join(keyringDir, 'ca.pem'), server.caCertificate);
    await appendMessages(server, USERNAME, 'INBOX', Array.from({ length: SEEDED }, (_, i) => ({ raw: generateMessage(i) })));
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('finds the canary in every form where it was planted (the search can fail)', () => {
    const forms = canaryForms(CANARY, USERNAME);
    for (const form of forms) {
      assert.deepEqual(findCanary(Buffer.concat([Buffer.from('{"x":"'), form.bytes, Buffer.from('"}')]), forms).includes(form.name), true, form.name);
    }
    for (let offset = 0; offset < 3; offset += 1) {
      const embedded = Buffer.from(Buffer.concat([randomBytes(offset + 5), Buffer.from(CANARY), randomBytes(7)]).toString('base64'));
      assert.ok(findCanary(embedded, forms).some((name) => name.startsWith('base64 at offset')), `base64 embedded after ${offset + 5} bytes`);
    }
    assert.deepEqual(findCanary(Buffer.from(`a${CANARY.slice(1)}`), forms), []);
  });

  it('after setup, sync, a failed login, SIGKILL mid-sync and a restart', { timeout: 240_000 }, async () => {
    const incoming = { host: server.host, port: server.imapsPort, security: 'tls', username: USERNAME };
    const first = await startChild();

    // A login that fails with the canary, and one tried without storing anything.
    const wrong = await first.request('addAccount', { kind: 'imap', email: 'nobody@example.org', password: CANARY, incoming: { ...incoming, username: 'nobody' }, outgoing: null });
    assert.equal(wrong.ok ? 'ok' : wrong.error?.code, 'auth-failed');
    const tested = await first.request('testAccount', { kind: 'imap', email: 'canary@example.org', password: CANARY, incoming, outgoing: null });
    assert.equal(tested.ok, true, JSON.stringify(tested));

    const added = await first.request('addAccount', { kind: 'imap', name: 'Canary', email: 'canary@example.org', password: CANARY, incoming, outgoing: null });
    assert.equal(added.ok, true, JSON.stringify(added));
    const accountId = (added.value as { id: string }).id;
    await waitForInbox(first, accountId, SEEDED);
    const folders = (await first.request('listFolders', { accountId })).value as { id: string; path: string }[];
    const inbox = folders.find((folder) => folder.path === 'INBOX');
    assert.ok(inbox);
    const page = (await first.request('listMessages', { folderId: inbox.id, offset: 0, limit: 10 })).value as { items: { id: string }[] };
    const opened = await first.request('getMessage', { messageId: page.items[0]?.id ?? '' });
    assert.equal(opened.ok, true, JSON.stringify(opened).slice(0, 300));
    for (const channel of ['listAccounts', 'getStatus', 'getPasswordStorage']) await first.request(channel, {});

    // Crash in the middle of a sync and of opening a message.
    void first.request('syncAccount', { accountId });
    void first.request('getMessage', { messageId: page.items[1]?.id ?? '' });
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 50)));
    first.process.kill('SIGKILL');
    await first.exited;
    assert.equal(first.process.signalCode, 'SIGKILL');
    // As the crash left it: the WAL and shm files of an unclosed database are here now.
    const filesAfterCrash = filesUnder(dataDir);
    const leaksAfterCrash = filesAfterCrash.flatMap((file) => findCanary(readFileSync(file), canaryForms(CANARY, USERNAME)).map((form) => `after the crash, ${file.slice(dataDir.length)}: ${form}`));

    // New mail while it was down; the restarted service must log in with the stored password.
    await appendMessages(server, USERNAME, 'INBOX', [{ raw: generateMessage(SEEDED) }]);
    const second = await startChild();
    await waitForInbox(second, accountId, SEEDED + 1);
    await second.request('syncAccount', { accountId });
    second.process.stdin?.write(`${JSON.stringify({ close: true })}\n`);
    await second.exited;
    assert.equal(second.process.exitCode, 0, log.slice(-2000));

    const forms = canaryForms(CANARY, USERNAME);
    const leaks: string[] = [...leaksAfterCrash];
    const files = filesUnder(dataDir);
    assert.ok(files.some((file) => file.endsWith('letterbox.sqlite')), 'the store is there');
    assert.ok(files.some((file) => file.endsWith('secrets.bin')), 'the password was stored');
    for (const file of files) {
      for (const form of findCanary(readFileSync(file), forms)) leaks.push(`${file.slice(dataDir.length)}: ${form}`);
    }
    for (const form of findCanary(Buffer.from(transcript, 'utf8'), forms)) leaks.push(`a response or event: ${form}`);
    for (const form of findCanary(Buffer.from(log, 'utf8'), forms)) leaks.push(`the log: ${form}`);
    assert.deepEqual(leaks, []);
    console.log(
      `secrets canary: ${forms.length} forms searched in ${filesAfterCrash.length} data files after the crash (${filesAfterCrash.map((file) => file.slice(dataDir.length + 1)).join(', ')}) and ${files.length} after the restart, ${requestCount} responses, ${eventCount} events and ${log.length} bytes of log: no trace`,
    );
  });
});
