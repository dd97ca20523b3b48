import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Folder, MessageSummary } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import type { EventMap } from '../../shared/events.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../servers/seed.ts';

async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function queueEmpty(service: Service): Promise<void> {
  return waitFor('the action queue to empty', async () => (await request(service, 'getPendingActions', {})).count === 0);
}

type ServerMessage = { readonly subject: string; readonly uid: number; readonly flags: readonly string[] };

// What another device sees: every message of a folder, by subject, with its flags.
async function serverFolder(client: ImapFlow, path: string): Promise<readonly ServerMessage[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
    return messages.map((message) => ({ subject: message.envelope?.subject ?? '', uid: message.uid, flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort() }));
  } finally {
    lock.release();
    // The next look selects the folder afresh, with every change made since.
    await client.mailboxClose();
  }
}

function subjects(messages: readonly { readonly subject: string }[]): readonly string[] {
  return messages.map((message) => message.subject).sort();
}

describe('the action queue against Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let other: ImapFlow;
  let offline = false;
  const services: Service[] = [];
  const failures: string[] = [];
  let accountId = '';

  function start(useMove = true): Service {
    const service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
      // Stands in for a network that is down: every connection attempt fails as offline would.
      openImapSession: (settings) =>
        offline ? Promise.reject(new LetterboxError('network', 'The network is down (test).')) : openImapSession(settings),
      ...(useMove ? {} : { actionMoveOptions: { useMove: false } }),
      logError: () => undefined,
    });
    service.subscribe((event, payload) => {
      if (event === 'actionFailed') failures.push((payload as EventMap['actionFailed']).message);
    });
    services.push(service);
    return service;
  }

  async function folders(service: Service): Promise<ReadonlyMap<string, Folder>> {
    return new Map((await request(service, 'listFolders', { accountId })).map((folder) => [folder.path, folder]));
  }

  async function folderId(service: Service, path: string): Promise<string> {
    const folder = (await folders(service)).get(path);
    assert.ok(folder, `folder ${path} is known`);
    return folder.id;
  }

  async function cached(service: Service, path: string): Promise<readonly MessageSummary[]> {
    return (await request(service, 'listMessages', { folderId: await folderId(service, path), offset: 0, limit: 1000 })).items;
  }

  async function idOf(service: Service, path: string, subject: string): Promise<string> {
    const message = (await cached(service, path)).find((item) => item.subject === subject);
    assert.ok(message, `${subject} is cached in ${path}`);
    return message.id;
  }

  before(async () => {
    server = await startDovecot();
    dataDir = makeTempDir();
    const plain = (i: number) => ({ raw: generateMessage(i, { kind: 'plain', subject: `Action ${i}` }), internalDate: seedDate(i) });
    await appendMessages(server, 'alice', 'INBOX', [1, 2, 3, 4, 5, 6, 7, 8, 9].map(plain));
    await appendMessages(server, 'alice', 'Projects', []);
    await appendMessages(server, 'alice', 'Doomed', []);
    await appendMessages(
      server,
      'alice',
      'Bulk',
      Array.from({ length: 500 }, (_, index) => ({
        raw: generateMessage(1000 + index, { kind: 'plain', subject: `Bulk ${index}` }),
        flags: index % 3 === 0 ? ['\\Seen', '$label1'] : index % 3 === 1 ? ['\\Flagged'] : [],
      })),
    );
    other = await connectAs(server, 'alice');
  });

  after(async () => {
    for (const service of services) await service.close();
    await other.logout().catch(() => undefined);
    await server.stop();
    dataDir.remove();
  });

  it('marks read and flags on the server, as another client sees', async () => {
    const service = start();
    const alice = server.user('alice');
    const account = await request(service, 'addAccount', {
      kind: 'imap',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
      outgoing: null,
    });
    accountId = account.id;
    await request(service, 'syncAccount', { accountId });
    await request(service, 'setFlags', { messageIds: [await idOf(service, 'INBOX', 'Action 1')], seen: true });
    await request(service, 'setFlags', { messageIds: [await idOf(service, 'INBOX', 'Action 2')], flagged: true });
    // Applied locally at once, before the server confirmed.
    const local = await cached(service, 'INBOX');
    assert.equal(local.find((item) => item.subject === 'Action 1')?.flags.seen, true);
    await queueEmpty(service);
    const inbox = await serverFolder(other, 'INBOX');
    assert.deepEqual(inbox.find((message) => message.subject === 'Action 1')?.flags, ['\\Seen']);
    assert.deepEqual(inbox.find((message) => message.subject === 'Action 2')?.flags, ['\\Flagged']);
    await request(service, 'setFlags', { messageIds: [await idOf(service, 'INBOX', 'Action 1')], seen: false, junk: true });
    await queueEmpty(service);
    const after = await serverFolder(other, 'INBOX');
    assert.deepEqual(after.find((message) => message.subject === 'Action 1')?.flags, ['$Junk']);
  });

  it('deletes to the Trash, moves with MOVE, archives, and deletes for good in the Trash', async () => {
    const service = services.at(-1)!;
    await request(service, 'deleteMessages', { messageIds: [await idOf(service, 'INBOX', 'Action 3')] });
    await request(service, 'moveMessages', {
      messageIds: [await idOf(service, 'INBOX', 'Action 4')],
      targetFolderId: await folderId(service, 'Projects'),
    });
    await request(service, 'archiveMessages', { messageIds: [await idOf(service, 'INBOX', 'Action 5')] });
    assert.deepEqual(subjects(await cached(service, 'Trash')).includes('Action 3'), true);
    await queueEmpty(service);
    assert.deepEqual(subjects(await serverFolder(other, 'Trash')), ['Action 3']);
    assert.deepEqual(subjects(await serverFolder(other, 'Projects')), ['Action 4']);
    assert.deepEqual(subjects(await serverFolder(other, 'Archive')), ['Action 5']);
    assert.ok(!subjects(await serverFolder(other, 'INBOX')).some((subject) => ['Action 3', 'Action 4', 'Action 5'].includes(subject)));
    // The cached copy now carries the UID the server gave it (COPYUID).
    const inTrash = (await cached(service, 'Trash'))[0];
    assert.equal(inTrash?.uid, (await serverFolder(other, 'Trash'))[0]?.uid);

    await request(service, 'deleteMessages', { messageIds: [inTrash?.id ?? ''] });
    await queueEmpty(service);
    assert.deepEqual(await serverFolder(other, 'Trash'), []);
    assert.deepEqual(await cached(service, 'Trash'), []);
  });

  it('keeps the message where it was when the target folder is gone, and says so', async () => {
    const service = services.at(-1)!;
    const doomed = await folderId(service, 'Doomed');
    await other.mailboxDelete('Doomed');
    const before = failures.length;
    await request(service, 'moveMessages', { messageIds: [await idOf(service, 'INBOX', 'Action 6')], targetFolderId: doomed });
    await queueEmpty(service);
    assert.ok(subjects(await cached(service, 'INBOX')).includes('Action 6'));
    assert.ok(subjects(await serverFolder(other, 'INBOX')).includes('Action 6'));
    assert.match(failures.slice(before).join('\n'), /"Doomed" no longer exists/);
  });

  it('drops a change to a message deleted on the server, and says so', async () => {
    const service = services.at(-1)!;
    const id = await idOf(service, 'INBOX', 'Action 7');
    const uid = (await serverFolder(other, 'INBOX')).find((message) => message.subject === 'Action 7')?.uid ?? 0;
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageDelete(String(uid), { uid: true });
    } finally {
      lock.release();
    }
    const before = failures.length;
    await request(service, 'setFlags', { messageIds: [id], flagged: true });
    await queueEmpty(service);
    assert.match(failures.slice(before).join('\n'), /already deleted on the server/);
    assert.ok(!subjects(await cached(service, 'INBOX')).includes('Action 7'));
  });

  it('moves 500 messages with the COPY fallback: each arrives once, none stay, flags and keywords kept', async () => {
    await services.at(-1)!.close();
    const service = start(false);
    await request(service, 'syncFolder', { folderId: await folderId(service, 'Bulk') });
    const bulk = await cached(service, 'Bulk');
    assert.equal(bulk.length, 500);
    const started = Date.now();
    await request(service, 'moveMessages', { messageIds: bulk.map((item) => item.id), targetFolderId: await folderId(service, 'Projects') });
    await queueEmpty(service);
    const elapsed = Date.now() - started;
    const moved = (await serverFolder(other, 'Projects')).filter((message) => message.subject.startsWith('Bulk '));
    assert.equal(moved.length, 500);
    assert.equal(new Set(moved.map((message) => message.subject)).size, 500);
    assert.deepEqual(await serverFolder(other, 'Bulk'), []);
    for (const message of moved) {
      const index = Number(message.subject.slice(5));
      const expected = index % 3 === 0 ? ['$label1', '\\Seen'] : index % 3 === 1 ? ['\\Flagged'] : [];
      assert.deepEqual(message.flags, expected, message.subject);
    }
    const local = (await cached(service, 'Projects')).filter((item) => item.subject.startsWith('Bulk '));
    assert.equal(local.length, 500);
    assert.ok(local.every((item) => item.uid > 0));
    console.log(`# moved 500 messages with COPY + UID EXPUNGE in ${elapsed} ms (queue to server confirmation)`);
  });

  it('keeps changes made offline across a restart and sends them once the server is back', async () => {
    await services.at(-1)!.close();
    offline = true;
    let service = start();
    await request(service, 'setFlags', { messageIds: [await idOf(service, 'INBOX', 'Action 8')], seen: true, flagged: true });
    await request(service, 'deleteMessages', { messageIds: [await idOf(service, 'INBOX', 'Action 9')] });
    assert.equal((await request(service, 'getPendingActions', {})).count, 2);
    await service.close();

    service = start();
    assert.equal((await request(service, 'getPendingActions', {})).count, 2);
    const eight = (await cached(service, 'INBOX')).find((item) => item.subject === 'Action 8');
    assert.deepEqual([eight?.flags.seen, eight?.flags.flagged], [true, true]);
    assert.ok(subjects(await cached(service, 'Trash')).includes('Action 9'));
    // Nothing reached the server meanwhile.
    assert.deepEqual((await serverFolder(other, 'INBOX')).find((message) => message.subject === 'Action 8')?.flags, []);

    offline = false;
    await request(service, 'syncAccount', { accountId });
    await queueEmpty(service);
    assert.deepEqual((await serverFolder(other, 'INBOX')).find((message) => message.subject === 'Action 8')?.flags, ['\\Flagged', '\\Seen']);
    assert.deepEqual(subjects(await serverFolder(other, 'Trash')), ['Action 9']);
  });
});
