import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account, Folder, MessageSummary } from '../../shared/domain.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate } from '../servers/seed.ts';

const COUNT = 1000;

function systemFlagsFor(i: number): readonly string[] {
  return [
    ...(i % 3 === 0 ? ['\\Seen'] : []),
    ...(i % 7 === 0 ? ['\\Flagged'] : []),
    ...(i % 17 === 0 ? ['\\Answered'] : []),
  ];
}

function keywordsFor(i: number): readonly string[] {
  return [...(i % 11 === 0 ? ['$label1'] : []), ...(i % 13 === 0 ? ['project-x'] : [])];
}

// Asks the service through its dispatch, as a transport would, and insists on success.
async function request<C extends ChannelName>(service: Service, channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

function indexOf(item: MessageSummary): number {
  const match = /^<seed-(\d+)@letterbox\.test>$/.exec(item.messageId ?? '');
  assert.ok(match, `message id of UID ${item.uid}: ${item.messageId}`);
  return Number(match[1]);
}

describe('syncing headers from Dovecot through the service', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let service: Service;
  let account: Account;
  const statusTexts: string[] = [];

  before(async () => {
    server = await startDovecot();
    await appendMessages(
      server,
      'alice',
      'INBOX',
      Array.from({ length: COUNT }, (_, index) => {
        const i = index + 1;
        return { raw: generateMessage(i), flags: [...systemFlagsFor(i), ...keywordsFor(i)], internalDate: seedDate(i) };
      }),
    );
    await appendMessages(server, 'alice', 'Notes', [
      { raw: generateMessage(5001) },
      { raw: generateMessage(5002), flags: ['\\Seen'] },
    ]);
    dataDir = makeTempDir();
    service = createService({
      dataDir: dataDir.path,
      secretStore: createFileSecretStore(dataDir.path),
      trustedCertificates: [server.caCertificate],
      openExternal: () => Promise.resolve(false),
    });
    service.subscribe((event, payload) => {
      if (event === 'status') statusTexts.push((payload as { text: string }).text);
    });
    const alice = server.user('alice');
    account = await request(service, 'addAccount', {
      kind: 'imap',
      name: 'Alice',
      email: 'alice@example.org',
      password: alice.password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: alice.username },
      outgoing: null,
    });
    await request(service, 'syncAccount', { accountId: account.id });
  });

  after(async () => {
    await service.close();
    await server.stop();
    dataDir.remove();
  });

  async function folders(): Promise<readonly Folder[]> {
    return await request(service, 'listFolders', { accountId: account.id });
  }

  it('shows the Inbox first with unread and total counts equal to the server', async () => {
    const inbox = (await folders())[0];
    assert.equal(inbox?.path, 'INBOX');
    assert.equal(inbox.role, 'inbox');
    const unread = Array.from({ length: COUNT }, (_, index) => index + 1).filter(
      (i) => !systemFlagsFor(i).includes('\\Seen'),
    ).length;
    assert.equal(inbox.totalCount, COUNT);
    assert.equal(inbox.unreadCount, unread);
    const status = await server.doveadm(['mailbox', 'status', '-u', 'alice', 'unseen messages', 'INBOX']);
    assert.match(status, new RegExp(`messages=${COUNT}`));
    assert.match(status, new RegExp(`unseen=${unread}`));
  });

  it('lists every message newest first with its flags and keywords', async () => {
    const inbox = (await folders())[0]!;
    const page = await request(service, 'listMessages', { folderId: inbox.id, offset: 0, limit: 1000 });
    assert.equal(page.total, COUNT);
    assert.equal(page.items.length, COUNT);
    assert.deepEqual(page.items.slice(0, 3).map(indexOf), [1000, 999, 998]);
    for (const item of page.items) {
      const i = indexOf(item);
      const flags = systemFlagsFor(i);
      assert.deepEqual(
        item.flags,
        {
          seen: flags.includes('\\Seen'),
          flagged: flags.includes('\\Flagged'),
          answered: flags.includes('\\Answered'),
          draft: false,
          deleted: false,
        },
        `flags of message ${i}`,
      );
      assert.deepEqual([...item.keywords].sort(), [...keywordsFor(i)].sort(), `keywords of message ${i}`);
      assert.equal(item.bodyState, 'headers');
      assert.equal(item.accountId, account.id);
    }
  });

  it('shows STATUS counts for a folder that is not subscribed, without fetching it', async () => {
    const notes = (await folders()).find((folder) => folder.path === 'Notes');
    assert.equal(notes?.subscribed, false);
    assert.equal(notes.totalCount, 2);
    assert.equal(notes.unreadCount, 1);
    const page = await request(service, 'listMessages', { folderId: notes.id, offset: 0, limit: 10 });
    assert.equal(page.total, 0);
  });

  it('reported its progress and ended up to date', () => {
    assert.ok(
      statusTexts.some((text) => /^Syncing Inbox \d+ of 1000$/.test(text)),
      statusTexts.join(' | '),
    );
    assert.equal(statusTexts.at(-1), 'Up to date');
  });

  it('fetches new mail on the next sync and counts it', async () => {
    await appendMessages(server, 'alice', 'INBOX', [{ raw: generateMessage(1001), internalDate: seedDate(1001) }]);
    await request(service, 'syncAccount', { accountId: account.id });
    const inbox = (await folders())[0]!;
    assert.equal(inbox.totalCount, COUNT + 1);
    const page = await request(service, 'listMessages', { folderId: inbox.id, offset: 0, limit: 1 });
    assert.equal(indexOf(page.items[0]!), 1001);
  });
});
