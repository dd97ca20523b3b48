// Conversations and unified folders against a real Dovecot. Dovecot's own threading
// (RFC 5256 THREAD=REFERENCES) is the reference for one folder; Letterbox's threads also
// reach across folders, so a reply filed in Sent shows in its conversation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Account, MessageSummary } from '../../shared/domain.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, connectAs } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

type Seed = { readonly id: string; readonly subject: string; readonly references?: readonly string[]; readonly inReplyTo?: string; readonly day: number };

function rawMessage(seed: Seed): string {
  const headers = [
    'From: Carol <carol@example.org>',
    'To: alice@example.org',
    `Subject: ${seed.subject}`,
    `Date: ${new Date(Date.UTC(2024, 4, seed.day, 9)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${seed.id}@thread.test>`,
    ...(seed.inReplyTo === undefined ? [] : [`In-Reply-To: <${seed.inReplyTo}@thread.test>`]),
    // Folded over two lines, as long References headers are (RFC 5322 2.2.3).
    ...(seed.references === undefined ? [] : [`References: ${seed.references.map((ref) => `<${ref}@thread.test>`).join('\r\n\t')}`]),
    'Content-Type: text/plain; charset=utf-8',
  ];
  return `${headers.join('\r\n')}\r\n\r\nHello.\r\n`;
}

const inbox: readonly Seed[] = [
  { id: 'a', subject: 'Plan', day: 1 },
  { id: 'b', subject: 'Re: Plan', inReplyTo: 'a', references: ['a'], day: 2 },
  // Its parent was never received: the thread still holds (RFC 5256 dummy message).
  { id: 'c', subject: 'Re: Plan', inReplyTo: 'missing', references: ['a', 'missing'], day: 3 },
  { id: 'd', subject: 'Budget', day: 4 },
  // A reply whose client sent no References nor In-Reply-To: joined by its subject.
  { id: 'e', subject: 'RE: Budget', day: 5 },
  { id: 'f', subject: 'Lunch', day: 6 },
  { id: 'g', subject: 'Re: Something else', inReplyTo: 'elsewhere', references: ['elsewhere'], day: 7 },
];
const sent: readonly Seed[] = [{ id: 'h', subject: 'Re: Budget', inReplyTo: 'd', references: ['d'], day: 8 }];

// UID THREAD REFERENCES (RFC 5256 4): each top-level parenthesised list is one thread.
async function serverThreads(client: ImapFlow): Promise<readonly (readonly number[])[]> {
  const lock = await client.getMailboxLock('INBOX', { readOnly: true });
  const threads: number[][] = [];
  type Node = { readonly value?: unknown } | readonly Node[];
  const numbers = (node: Node): number[] => (Array.isArray(node) ? (node as readonly Node[]).flatMap(numbers) : [Number((node as { value?: unknown }).value)]);
  try {
    const exec = (client as unknown as { exec: (command: string, attributes: unknown[], options: unknown) => Promise<{ next: () => void }> }).exec.bind(client);
    const response = await exec('UID THREAD', [{ type: 'ATOM', value: 'REFERENCES' }, { type: 'ATOM', value: 'UTF-8' }, { type: 'ATOM', value: 'ALL' }], {
      untagged: {
        THREAD: (untagged: { attributes?: readonly Node[] }) => {
          for (const thread of untagged.attributes ?? []) threads.push(numbers(thread));
          return Promise.resolve();
        },
      },
    });
    response.next();
  } finally {
    lock.release();
  }
  return threads;
}

function partition(groups: Iterable<readonly number[]>): readonly string[] {
  return [...groups].map((group) => [...group].sort((a, b) => a - b).join(',')).sort();
}

describe('conversations and unified folders against Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let other: ImapFlow;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let alice: Account;
  let bob: Account;

  before(async () => {
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', inbox.map((seed) => ({ raw: rawMessage(seed) })));
    await appendMessages(server, 'alice', 'Sent', sent.map((seed) => ({ raw: rawMessage(seed) })));
    await appendMessages(server, 'bob', 'INBOX', [{ id: 'x', subject: 'For Bob', day: 9 }, { id: 'y', subject: 'Bob again', day: 0 }].map((seed) => ({ raw: rawMessage(seed) })));
    other = await connectAs(server, 'alice');
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    alice = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: alice.id });
    bob = await harness.request('addAccount', {
      kind: 'imap',
      name: 'Bob',
      email: 'bob@example.org',
      password: server.user('bob').password,
      incoming: { host: server.host, port: server.imapsPort, security: 'tls', username: 'bob' },
      outgoing: null,
    });
    await harness.request('syncAccount', { accountId: bob.id });
  });

  after(async () => {
    await harness.close();
    await other.logout();
    await server.stop();
    dataDir.remove();
  });

  it('groups the Inbox into the same conversations as Dovecot\'s THREAD=REFERENCES', async () => {
    assert.ok(other.capabilities.has('THREAD=REFERENCES'), 'Dovecot offers THREAD=REFERENCES');
    const folder = await harness.folderByPath(alice.id, 'INBOX');
    const heads = await harness.request('listConversations', { folderId: folder.id, offset: 0, limit: 100, expanded: [] });
    assert.equal(heads.total, 4);
    const open = await harness.request('listConversations', { folderId: folder.id, offset: 0, limit: 100, expanded: heads.items.map((row) => row.thread.id) });
    const ours = new Map<string, number[]>();
    for (const row of open.items) if (row.folderId === folder.id) ours.set(row.thread.id, [...(ours.get(row.thread.id) ?? []), row.uid]);
    assert.deepEqual(partition(ours.values()), partition(await serverThreads(other)));
  });

  it('shows the reply filed in Sent inside its Inbox conversation', async () => {
    const folder = await harness.folderByPath(alice.id, 'INBOX');
    const heads = await harness.request('listConversations', { folderId: folder.id, offset: 0, limit: 100, expanded: [] });
    const budget = heads.items.find((row) => row.subject === 'RE: Budget');
    assert.ok(budget, 'the Budget conversation is headed by its newest Inbox message');
    assert.deepEqual([budget.thread.size, budget.thread.member, budget.thread.expanded], [3, false, false]);
    const open = await harness.request('listConversations', { folderId: folder.id, offset: 0, limit: 100, expanded: [budget.thread.id] });
    const members = open.items.filter((row) => row.thread.member);
    assert.deepEqual(members.map((row) => [row.subject, row.thread.folderName]), [['Budget', null], ['Re: Budget', 'Sent']]);
  });

  it('lists every account\'s Inbox in All Inboxes, newest first, page by page', async () => {
    const unified = await harness.request('listUnifiedFolders', {});
    const allInboxes = unified.find((folder) => folder.role === 'inbox');
    assert.ok(allInboxes);
    assert.deepEqual([allInboxes.id, allInboxes.name, allInboxes.totalCount], ['unified:inbox', 'All Inboxes', inbox.length + 2]);
    assert.ok(unified.some((folder) => folder.role === 'sent'));
    const pages: MessageSummary[] = [];
    await eventually(async () => {
      pages.length = 0;
      for (let offset = 0; offset < inbox.length + 2; offset += 3) {
        pages.push(...(await harness.request('listMessages', { folderId: allInboxes.id, offset, limit: 3 })).items);
      }
      assert.equal(pages.length, inbox.length + 2);
    }, 10_000);
    assert.deepEqual(pages.map((message) => message.subject), ['For Bob', 'Re: Something else', 'Lunch', 'RE: Budget', 'Budget', 'Re: Plan', 'Re: Plan', 'Plan', 'Bob again']);
    assert.deepEqual(new Set(pages.map((message) => message.accountId)), new Set([alice.id, bob.id]));
    const conversations = await harness.request('listConversations', { folderId: allInboxes.id, offset: 0, limit: 100, expanded: [] });
    assert.equal(conversations.total, 6);
  });
});
