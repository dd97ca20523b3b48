// A full disk for real (issue 9): the data directory on a small tmpfs, against the real
// Dovecot. A POP3 download with "delete from server" runs out of space in the Maildir
// writer; an IMAP offline download fills the disk under SQLite itself (node:sqlite reports
// errcode 13, SQLITE_FULL, "database or disk is full"). Each says in the status the renderer
// shows that the disk is full, keeps nothing partial, deletes nothing, and once space is
// freed (the tmpfs remounted larger) the next check brings every message, once. The
// simulated full disk (an injected ENOSPC) stays in local-transfer.test.ts, for machines
// that cannot mount.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import type { MessageSummary } from '../../shared/domain.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { readBlob } from '../../electron/store/row-values.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles, pop3Settings } from '../servers/pop3-local-fixture.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import {
  addAliceAccount,
  addPop3Account,
  eventually,
  startServiceHarness,
  type HarnessOptions,
  type ServiceHarness,
} from '../servers/service-harness.ts';
import { mountSmallDisk, smallDiskSkipReason, type SmallDisk } from '../servers/small-disk.ts';

const skip = dovecotSkipReason() || smallDiskSkipReason();
const MiB = 1024 * 1024;
const dayMs = 86_400_000;
// Room for everything before the large mail arrives. Each test then measures what the
// store and its files take and shrinks the disk to that plus a little: the migrations and
// the headers fit, the large bodies do not, whatever the store's size becomes.
const roomyBytes = 64 * MiB;
// 2 MiB of attachment is a message of about 2.8 MB; 3.5 MiB one over the 4 MiB past which
// a message is fetched in ranges and stored on the header writer's thread (large-source.ts).
const largeBytes = 2 * MiB;
const rangedBytes = 3.5 * MiB;
// The text the status bar and the reader show (electron/local/disk-write-error.ts), naming
// where the write failed: the Maildir files of Local Folders, or the store's directory.
const diskFullIn = (where: string): string =>
  `The disk is full: Letterbox could not save mail in ${where}. Nothing was lost and nothing was removed from the server. Free some space, then check for mail again.`;
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// A message with an attachment of `bytes` random bytes (base64): large on disk, with little
// text for the search index.
function largeMessage(subject: string, bytes: number, date: Date): Buffer {
  const boundary = `large-${subject.replace(/\W/g, '')}`;
  const attachment = (
    randomBytes(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
  return Buffer.from(
    [
      'From: Big Sender <big@example.org>',
      'To: Alice Example <alice@example.org>',
      `Subject: ${subject}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <full-disk-${boundary}@letterbox.test>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `${subject}, with a scan attached.`,
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="scan.bin"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="scan.bin"',
      '',
      attachment,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

function statusTexts(harness: ServiceHarness): readonly string[] {
  return harness.statuses.map((status) => status.text);
}

async function statusSaying(harness: ServiceHarness, pattern: RegExp): Promise<string> {
  let found = '';
  await eventually(() => {
    found = statusTexts(harness).find((text) => pattern.test(text)) ?? '';
    assert.notEqual(found, '', statusTexts(harness).join(' | '));
    return Promise.resolve();
  }, 30_000);
  return found;
}

async function lastStatusIs(harness: ServiceHarness, text: string): Promise<void> {
  await eventually(() => {
    assert.equal(harness.statuses.at(-1)?.text, text, statusTexts(harness).join(' | '));
    return Promise.resolve();
  }, 20_000);
}

// A second connection, as a tool would open the file: read only.
function withStoreFile<T>(dataDir: string, read: (database: DatabaseSync) => T): T {
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  try {
    return read(database);
  } finally {
    database.close();
  }
}

function integrityOf(dataDir: string): string {
  return withStoreFile(dataDir, (database) =>
    database
      .prepare('PRAGMA integrity_check')
      .all()
      .map((row) => String(Object.values(row)[0]))
      .join('; '),
  );
}

// Subject to the SHA-256 of the source the store holds for it.
function storedSources(dataDir: string): ReadonlyMap<string, string> {
  return withStoreFile(
    dataDir,
    (database) =>
      new Map(
        database
          .prepare('SELECT m.subject, s.source FROM messages m JOIN message_sources s ON s.message_id = m.id')
          .all()
          .map((row) => [String(row.subject), sha(readBlob(row, 'source'))]),
      ),
  );
}

// Dovecot's line for each POP3 session of the user that ended: "del=n/m" counts its DELEs.
function pop3Logouts(server: DovecotServer, username: string): readonly string[] {
  return readFileSync(join(server.dir, 'dovecot.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(`pop3(${username})`) && line.includes('Disconnected'));
}

type OnSmallDisk = { readonly disk: SmallDisk; readonly harness: ServiceHarness; readonly dataDir: string };

// The suite's service, its data directory on a small disk of its own, roomy until the test
// shrinks it; unmounted after.
function serviceOnSmallDisk(server: () => DovecotServer, options: Omit<HarnessOptions, 'dataDir'> = {}): () => OnSmallDisk {
  let current: OnSmallDisk | null = null;
  before(() => {
    const disk = mountSmallDisk(roomyBytes);
    const dataDir = join(disk.path, 'data');
    current = { disk, dataDir, harness: startServiceHarness(server(), { ...options, dataDir }) };
  });
  after(async () => {
    await current?.harness.close();
    current?.disk.unmount();
  });
  return () => {
    assert.ok(current, 'the small disk is mounted');
    return current;
  };
}

describe('a real full disk', { skip }, () => {
  let server: DovecotServer;

  before(async () => {
    server = await startDovecot({
      users: [
        { username: 'alice', password: 'alice-secret-1' },
        { username: 'erin', password: 'erin-secret-5' },
      ],
    });
  });
  after(async () => {
    await server.stop();
  });

  describe('a POP3 download with "delete from server" into Local Folders', () => {
    const onDisk = serviceOnSmallDisk(() => server);

    async function serverCount(): Promise<number> {
      const erin = server.user('erin');
      const session = await openPop3Session(
        pop3Settings({ host: server.host, port: server.pop3sPort, ...erin, caCertificate: server.caCertificate }),
      );
      try {
        return (await session.stat()).messageCount;
      } finally {
        await session.quit();
      }
    }

    it('runs out of space writing a message file: says the disk is full, keeps nothing partial, sends no DELE, and brings every message once after space is freed', async () => {
      const { disk, harness, dataDir } = onDisk();
      // The first batch of 25 (run-pop3-check.ts) is small and fits; of the second, the first
      // large file fits and the second runs out of space partway through its write, before
      // anything of that batch reaches the store.
      const small = Array.from({ length: 25 }, (_, index) => Buffer.from(generateMessage(index + 1), 'utf8'));
      const large = [1, 2, 3].map((i) => largeMessage(`Large ${i}`, largeBytes, new Date(Date.now() - i * 60_000)));
      const largeSize = Math.max(...large.map((raw) => raw.length));
      await appendMessages(
        server,
        'erin',
        'INBOX',
        [...small, ...large].map((raw) => ({ raw })),
      );
      await harness.request('listAccounts', {});
      disk.resize(disk.usedBytes() + 512 * 1024 + 1.5 * largeSize);

      const account = await addPop3Account(harness, server, 'erin', { leaveOnServer: false, checkIntervalSeconds: 3600 });
      // Said by the Maildir writer (its directory), not by the store's commit after it.
      assert.equal(await statusSaying(harness, /disk is full/i), diskFullIn(join(dataDir, 'local')));
      assert.ok(!statusTexts(harness).some((text) => /inside Letterbox/.test(text)), statusTexts(harness).join(' | '));

      const files = maildirFiles(dataDir, '');
      assert.deepEqual(files.tmp, [], 'no partial file in tmp/');
      assert.deepEqual(
        files.cur.map((name) => sha(readFileSync(join(dataDir, 'local', 'cur', name)))).sort(),
        small.map(sha).sort(),
        'the first batch is in cur/, whole; nothing of the second',
      );
      const local = (await harness.request('listAccounts', {})).find((candidate) => candidate.kind === 'local');
      assert.ok(local);
      const inbox = await harness.folderByPath(local.id, 'INBOX');
      assert.equal((await harness.allMessages(inbox.id)).length, small.length, 'the store lists what is on disk, no more');
      assert.equal(await serverCount(), small.length + large.length, 'the server kept every message');
      await eventually(() => {
        const logouts = pop3Logouts(server, 'erin');
        // The check that failed read all 28 and closed without QUIT; no session marked any.
        assert.ok(
          logouts.some((line) => /Connection closed .*retr=28\/.* del=0\/28/.test(line)),
          logouts.join('\n'),
        );
        for (const line of logouts) assert.match(line, /del=0\//, 'no DELE was sent');
        return Promise.resolve();
      }, 5000);
      assert.equal(integrityOf(dataDir), 'ok');

      disk.resize(roomyBytes);
      await harness.request('syncAccount', { accountId: account.id });
      await lastStatusIs(harness, 'Up to date');
      const after = maildirFiles(dataDir, '');
      assert.deepEqual(after.tmp, []);
      assert.deepEqual(
        after.cur.map((name) => sha(readFileSync(join(dataDir, 'local', 'cur', name)))).sort(),
        [...small, ...large].map(sha).sort(),
        'every message once, byte for byte',
      );
      assert.equal((await harness.allMessages(inbox.id)).length, small.length + large.length);
      // Only now, each durable here, are they deleted on the server: the first batch's too.
      assert.equal(await serverCount(), 0);
      assert.equal(integrityOf(dataDir), 'ok');
    });
  });

  describe('an IMAP offline download into the store', () => {
    const onDisk = serviceOnSmallDisk(() => server, { sync: { checkIntervalMs: 600_000 } });

    it('fills the disk under SQLite: says the disk is full, keeps the store whole and readable, and finishes once space is freed', async () => {
      const { disk, harness, dataDir } = onDisk();
      const now = Date.now();
      const small = [1, 2, 3].map((i) =>
        Buffer.from(generateMessage(i, { date: new Date(now - i * 3_600_000), subject: `Small ${i}` }), 'utf8'),
      );
      // Past the offline policy's 30 days: downloaded only when opened, in ranges.
      const oldDate = new Date(now - 45 * dayMs);
      const old = largeMessage('Old large', rangedBytes, oldDate);
      await appendMessages(server, 'alice', 'INBOX', [...small.map((raw) => ({ raw })), { raw: old, internalDate: oldDate }]);
      const account = await addAliceAccount(harness, server);
      // Joins the sync that adding the account started: the headers are in once it resolves.
      await harness.request('syncAccount', { accountId: account.id });
      const inbox = await harness.folderByPath(account.id, 'INBOX');
      await eventually(async () => {
        const full = (await harness.allMessages(inbox.id)).filter((message) => message.bodyState === 'full');
        assert.deepEqual(full.map((message) => message.subject).sort(), ['Small 1', 'Small 2', 'Small 3']);
      }, 20_000);
      await lastStatusIs(harness, 'Up to date');

      // Room for the new headers and about one large body, not three.
      disk.resize(disk.usedBytes() + 3 * MiB);
      const large = [1, 2, 3].map((i) => largeMessage(`Large ${i}`, largeBytes, new Date(now - i * 60_000)));
      await appendMessages(
        server,
        'alice',
        'INBOX',
        large.map((raw) => ({ raw })),
      );
      await harness.request('syncAccount', { accountId: account.id });
      assert.equal(await statusSaying(harness, /disk is full/i), diskFullIn(dataDir));
      assert.ok(!statusTexts(harness).some((text) => /inside Letterbox/.test(text)), statusTexts(harness).join(' | '));
      assert.ok(disk.usedBytes() > disk.sizeBytes() - 64 * 1024, 'the disk really filled up');

      // The store is whole, and holds each body it says it has, exactly.
      assert.equal(integrityOf(dataDir), 'ok');
      const expected = new Map<string, string>([
        ...small.map((raw, index) => [`Small ${index + 1}`, sha(raw)] as const),
        ...large.map((raw, index) => [`Large ${index + 1}`, sha(raw)] as const),
        ['Old large', sha(old)],
      ]);
      const listed = await harness.allMessages(inbox.id);
      assert.equal(listed.length, 7, 'the headers fitted');
      for (const [subject, stored] of storedSources(dataDir)) assert.equal(stored, expected.get(subject), subject);
      const bySubject = (subject: string): MessageSummary => {
        const found = listed.find((message) => message.subject === subject);
        assert.ok(found, subject);
        return found;
      };
      const missing = listed.filter((message) => message.subject.startsWith('Large') && message.bodyState !== 'full');
      assert.ok(missing.length > 0, 'a body did not fit');
      for (const message of listed)
        assert.equal(storedSources(dataDir).has(message.subject), message.bodyState === 'full', message.subject);

      // The service goes on: what it stored before reads from the store, offline.
      await harness.request('setWorkOffline', { offline: true });
      for (const i of [1, 2, 3]) {
        const opened = await harness.request('getMessage', { messageId: bySubject(`Small ${i}`).id });
        assert.match(opened.text ?? '', new RegExp(`this is message number ${i}\\.`));
      }
      await harness.request('setWorkOffline', { offline: false });
      // Opening a message not yet downloaded stores it first: said as clearly, both the
      // ordinary way (this thread's connection) and in ranges (the header writer's).
      for (const message of [missing[0], bySubject('Old large')]) {
        assert.ok(message);
        const opened = await harness.call('getMessage', { messageId: message.id });
        if (opened.ok) assert.fail(`${message.subject} opened on a full disk`);
        assert.equal(opened.error.code, 'storage');
        assert.equal(opened.error.message, diskFullIn(dataDir));
      }
      assert.equal(integrityOf(dataDir), 'ok');

      disk.resize(roomyBytes);
      await harness.request('syncAccount', { accountId: account.id });
      await eventually(async () => {
        const full = (await harness.allMessages(inbox.id)).filter((message) => message.bodyState === 'full');
        assert.equal(full.length, 6);
      }, 30_000);
      await lastStatusIs(harness, 'Up to date');
      const opened = await harness.request('getMessage', { messageId: bySubject('Old large').id });
      assert.deepEqual(
        opened.attachments.map((attachment) => attachment.fileName),
        ['scan.bin'],
      );
      assert.deepEqual(storedSources(dataDir), expected, 'every body, once, byte for byte');
      assert.equal(integrityOf(dataDir), 'ok');
    });
  });
});
