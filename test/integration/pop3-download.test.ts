// POP3 into Local Folders against a real Dovecot pop3d: each message downloaded once across
// sessions, the "where mail lives" rules, the ledger's dates, a server without UIDL.
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { OpenPop3Session } from '../../electron/pop3/pop3-types.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { maildirFiles, openPop3Fixture, pop3Settings, type Pop3Endpoint, type Pop3Fixture } from '../servers/pop3-local-fixture.ts';
import { appendMessages, generateMessage, seedMessageId } from '../servers/seed.ts';

const skip = dovecotSkipReason();
const USERS = ['many', 'keep', 'nokeep', 'days', 'nouidl'].map((username) => ({ username, password: `${username}-pw-1` }));

async function seed(server: DovecotServer, username: string, from: number, count: number): Promise<void> {
  await appendMessages(
    server,
    username,
    'INBOX',
    Array.from({ length: count }, (_, index) => ({ raw: generateMessage(from + index) })),
  );
}

async function serverUidls(endpoint: Pop3Endpoint): Promise<readonly string[]> {
  const session = await openPop3Session(pop3Settings(endpoint));
  try {
    return [...(await session.uidl()).values()];
  } finally {
    await session.quit();
  }
}

async function localMessageIds(fixture: Pop3Fixture): Promise<readonly string[]> {
  const inbox = (await fixture.local.account()).inboxId;
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await fixture.store.messages.listPage(inbox, offset, 1000);
    if (page === null || page.items.length === 0) break;
    ids.push(...page.items.map((item) => item.messageId ?? ''));
  }
  return ids;
}

function sorted(values: readonly string[]): readonly string[] {
  return [...values].sort();
}

describe('POP3 download into Local Folders', { skip }, () => {
  let server: DovecotServer;
  const dirs: { remove(): void }[] = [];
  const endpoint = (username: string): Pop3Endpoint => ({
    host: server.host,
    port: server.pop3sPort,
    username,
    password: `${username}-pw-1`,
    caCertificate: server.caCertificate,
  });
  function tempDir(): string {
    const dir = makeTempDir('lb-pop3-');
    dirs.push(dir);
    return dir.path;
  }

  before(async () => {
    server = await startDovecot({ users: USERS });
  });
  after(async () => {
    await server.stop();
    for (const dir of dirs) dir.remove();
  });

  it('downloads 1,000 messages once each across three sessions with new mail between them', async () => {
    const dataDir = tempDir();
    const fixture = await openPop3Fixture(dataDir, endpoint('many'));
    try {
      await seed(server, 'many', 0, 400);
      const started = performance.now();
      assert.equal((await fixture.check()).downloaded, 400);
      const firstMs = performance.now() - started;
      await seed(server, 'many', 400, 300);
      assert.equal((await fixture.check()).downloaded, 300);
      await seed(server, 'many', 700, 300);
      assert.equal((await fixture.check()).downloaded, 300);
      assert.equal((await fixture.check()).downloaded, 0);
      console.log(`  400 messages downloaded, fsynced and indexed in ${Math.round(firstMs)} ms`);

      const ids = await localMessageIds(fixture);
      assert.equal(ids.length, 1000);
      assert.deepEqual(sorted(ids), sorted(Array.from({ length: 1000 }, (_, i) => seedMessageId(i))));
      assert.equal(maildirFiles(dataDir, '').cur.length, 1000);
      assert.equal(maildirFiles(dataDir, '').tmp.length, 0);
      // Leave on server is the default: the server still has every message, each in the ledger.
      const uidls = await serverUidls(endpoint('many'));
      assert.equal(uidls.length, 1000);
      const ledger = await fixture.store.pop3.ledger(fixture.accountId);
      assert.deepEqual(sorted([...ledger.keys()]), sorted(uidls));

      // Reading a local message reads its file, with no server involved.
      const inbox = (await fixture.local.account()).inboxId;
      const first = (await fixture.store.messages.listPage(inbox, 0, 1))?.items[0];
      assert.ok(first);
      assert.equal(first.bodyState, 'full');
      const source = await fixture.local.readSource(first.id);
      assert.match(source?.toString('utf8') ?? '', new RegExp(`Message-ID: ${first.messageId ?? 'none'}`));
    } finally {
      fixture.close();
    }
  });

  it('leaves messages on the server by default, and deletes them after download when told not to', async () => {
    const keepDir = tempDir();
    const keep = await openPop3Fixture(keepDir, endpoint('keep'));
    try {
      await seed(server, 'keep', 0, 30);
      assert.equal((await keep.check()).deletedOnServer, 0);
      assert.equal((await serverUidls(endpoint('keep'))).length, 30);
    } finally {
      keep.close();
    }

    const dataDir = tempDir();
    const fixture = await openPop3Fixture(dataDir, endpoint('nokeep'), { leaveOnServer: false });
    try {
      await seed(server, 'nokeep', 0, 30);
      const result = await fixture.check();
      assert.deepEqual([result.downloaded, result.deletedOnServer], [30, 30]);
      assert.equal((await serverUidls(endpoint('nokeep'))).length, 0);
      assert.equal((await localMessageIds(fixture)).length, 30);
      const ledger = [...(await fixture.store.pop3.ledger(fixture.accountId)).values()];
      assert.equal(ledger.length, 30);
      assert.ok(ledger.every((entry) => entry.deletedOnServer && entry.bodyState === 'full'));
      await seed(server, 'nokeep', 30, 5);
      assert.deepEqual([(await fixture.check()).downloaded, (await localMessageIds(fixture)).length], [5, 35]);
    } finally {
      fixture.close();
    }
  });

  it('deletes from the server N days after the download, counted from the ledger', async () => {
    const dataDir = tempDir();
    const fixture = await openPop3Fixture(dataDir, endpoint('days'), { deleteAfterDays: 7 });
    try {
      await seed(server, 'days', 0, 20);
      await fixture.check();
      assert.equal((await serverUidls(endpoint('days'))).length, 20);
      // Eight days pass for five of them: move their download dates back.
      const database = new DatabaseSync(join(dataDir, databaseFileName), { timeout: 5000 });
      const aged = database
        .prepare('SELECT uidl FROM pop3_ledger ORDER BY uidl LIMIT 5')
        .all()
        .map((row) => String(row.uidl));
      for (const uidl of aged) {
        database.prepare('UPDATE pop3_ledger SET downloaded_at = downloaded_at - ? WHERE uidl = ?').run(8 * 86_400_000, uidl);
      }
      database.close();
      assert.equal((await fixture.check()).deletedOnServer, 5);
      const left = await serverUidls(endpoint('days'));
      assert.equal(left.length, 15);
      assert.ok(aged.every((uidl) => !left.includes(uidl)));
      // The local copies stay; the ledger remembers the server deleted them.
      assert.equal((await localMessageIds(fixture)).length, 20);
      const ledger = await fixture.store.pop3.ledger(fixture.accountId);
      assert.deepEqual(sorted([...ledger.values()].filter((entry) => entry.deletedOnServer).map((entry) => entry.uidl)), sorted(aged));
      assert.equal((await fixture.check()).deletedOnServer, 0);
    } finally {
      fixture.close();
    }
  });

  it('recognises messages by a hash of their header when the server has no UIDL, and says so', async () => {
    const dataDir = tempDir();
    const fixture = await openPop3Fixture(dataDir, endpoint('nouidl'));
    // Dovecot has UIDL; this stands in for an RFC 1939 server without it.
    const withoutUidl: OpenPop3Session = async (settings) => {
      const session = await openPop3Session(settings);
      return {
        ...session,
        capabilities: { ...session.capabilities, uidl: false },
        uidl: () => Promise.reject(new Error('UIDL must not be sent to this server')),
      };
    };
    try {
      await seed(server, 'nouidl', 0, 12);
      const first = await fixture.check(withoutUidl);
      assert.deepEqual([first.downloaded, first.keyMethod], [12, 'header-hash']);
      assert.match(fixture.statuses.at(-1)?.text ?? '', /has no UIDL: messages are recognised by their headers/);
      await seed(server, 'nouidl', 12, 3);
      assert.equal((await fixture.check(withoutUidl)).downloaded, 3);
      assert.equal((await fixture.check(withoutUidl)).downloaded, 0);
      assert.deepEqual(sorted(await localMessageIds(fixture)), sorted(Array.from({ length: 15 }, (_, i) => seedMessageId(i))));
    } finally {
      fixture.close();
    }
  });
});
