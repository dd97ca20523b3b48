// The real service over a test Dovecot, as a transport would drive it, with helpers to
// compare its store with what another client sees on the server.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { Account, Folder, MessageSummary, SyncStatus } from '../../shared/domain.ts';
import type { Result } from '../../shared/errors.ts';
import type { OpenImapSession } from '../../electron/imap/imap-types.ts';
import type { OpenNotifySession } from '../../electron/imap/notify-types.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { Service, ServiceOptions } from '../../electron/service/service-types.ts';
import type { SyncTuning } from '../../electron/sync/sync-tuning.ts';
import type { DovecotServer } from './dovecot.ts';

export type ServiceHarness = {
  readonly service: Service;
  readonly statuses: SyncStatus[];
  request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  // The answer as the renderer gets it, for requests that are meant to fail.
  call<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  folderByPath(accountId: string, path: string): Promise<Folder>;
  allMessages(folderId: string): Promise<readonly MessageSummary[]>;
  // beginExport as Electron runs it, its save dialog answered with a file in exportDir: the
  // file's bytes as written there.
  exportToFile(what: ArgsOf<'beginExport'>): Promise<{ readonly fileName: string; readonly messageCount: number; readonly bytes: Buffer }>;
  readonly exportDir: string;
  close(): Promise<void>;
};

export type HarnessOptions = {
  readonly dataDir: string;
  readonly openImapSession?: OpenImapSession;
  readonly sync?: SyncTuning;
  readonly openNotifySession?: OpenNotifySession | null;
  // OAuth2 providers (test/servers/oauth2-server.ts) and sign-in timing.
  readonly oauth?: ServiceOptions['oauth'];
};

export function startServiceHarness(server: Pick<DovecotServer, 'caCertificate'>, options: HarnessOptions): ServiceHarness {
  const exportDir = `${options.dataDir}-exports`;
  mkdirSync(exportDir, { recursive: true });
  const service = createService({
    exportTarget: { kind: 'save-dialog', chooseDestination: (name) => Promise.resolve(join(exportDir, name)) },
    dataDir: options.dataDir,
    secretStore: createFileSecretStore(options.dataDir),
    trustedCertificates: [server.caCertificate],
    openExternal: () => Promise.resolve(false),
    logError: (error) => {
      console.error('service error:', error);
    },
    ...(options.openImapSession ? { openImapSession: options.openImapSession } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.openNotifySession === undefined ? {} : { openNotifySession: options.openNotifySession }),
    ...(options.oauth === undefined ? {} : { oauth: options.oauth }),
  });
  const statuses: SyncStatus[] = [];
  service.subscribe((event, payload) => {
    if (event === 'status') statuses.push(payload as SyncStatus);
  });
  async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
    const result = await service.dispatch(channel, args);
    if (!result.ok) assert.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as ResultOf<C>;
  }
  return {
    service,
    statuses,
    request,
    call: async (channel, args) => (await service.dispatch(channel, args)) as Result<ResultOf<typeof channel>>,
    async folderByPath(accountId, path) {
      const folder = (await request('listFolders', { accountId })).find((candidate) => candidate.path === path);
      assert.ok(folder, `folder ${path} is in the store`);
      return folder;
    },
    async allMessages(folderId) {
      const page = await request('listMessages', { folderId, offset: 0, limit: 1000 });
      const items = [...page.items];
      while (items.length < page.total) {
        const next = await request('listMessages', { folderId, offset: items.length, limit: 1000 });
        if (next.items.length === 0) break;
        items.push(...next.items);
      }
      return items;
    },
    exportDir,
    async exportToFile(what) {
      const outcome = await request('beginExport', what);
      if (outcome.kind !== 'saved') assert.fail(`beginExport answered ${outcome.kind}`);
      const bytes = await readFile(join(exportDir, outcome.fileName));
      assert.equal(bytes.length, outcome.bytes, 'the bytes reported are the bytes written');
      return { fileName: outcome.fileName, messageCount: outcome.messageCount, bytes };
    },
    close: () => service.close(),
  };
}

// Only what it reads of the server: a test's child process has no DovecotServer of its own.
export async function addAliceAccount(
  harness: ServiceHarness,
  server: Pick<DovecotServer, 'host' | 'imapsPort' | 'user'>,
  port = server.imapsPort,
): Promise<Account> {
  const alice = server.user('alice');
  return await harness.request('addAccount', {
    kind: 'imap',
    name: 'Alice',
    email: 'alice@example.org',
    password: alice.password,
    incoming: { host: server.host, port, security: 'tls', username: alice.username },
    outgoing: null,
  });
}

// A POP3 account of one of the server's users over POP3S, as the account dialog adds it.
export async function addPop3Account(
  harness: ServiceHarness,
  server: Pick<DovecotServer, 'host' | 'pop3sPort' | 'user'>,
  username: string,
  pop3: NonNullable<Extract<ArgsOf<'addAccount'>, { kind: 'pop3' }>['pop3']>,
): Promise<Account> {
  const user = server.user(username);
  return await harness.request('addAccount', {
    kind: 'pop3',
    email: `${user.username}@example.org`,
    password: user.password,
    incoming: { host: server.host, port: server.pop3sPort, security: 'tls', username: user.username },
    outgoing: null,
    pop3,
  });
}

// One line per message, "uid flags keywords", sorted by UID: equal lines mean an equal folder.
export type FolderLines = readonly string[];

export async function serverLines(client: ImapFlow, path: string): Promise<FolderLines> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    // RFC 3501 7.4.1/7.3.1: a server shows a session new mail only once it has told it
    // (EXISTS at the end of a command); a NOOP first makes FETCH 1:* see all of it.
    await client.noop();
    const status = client.mailbox;
    if (status === false || status.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true });
    return messages
      .sort((a, b) => a.uid - b.uid)
      .map((message) => {
        const flags = [...(message.flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent');
        const system = flags.filter((flag) => flag.startsWith('\\')).map((flag) => flag.toLowerCase());
        const keywords = flags.filter((flag) => !flag.startsWith('\\')).sort();
        return lineOf(message.uid, system, keywords);
      });
  } finally {
    lock.release();
  }
}

export function storeLines(messages: readonly MessageSummary[]): FolderLines {
  return [...messages]
    .sort((a, b) => a.uid - b.uid)
    .map((message) => {
      const system = Object.entries(message.flags)
        .filter(([, on]) => on)
        .map(([name]) => `\\${name}`);
      return lineOf(message.uid, system, [...message.keywords].sort());
    });
}

function lineOf(uid: number, system: readonly string[], keywords: readonly string[]): string {
  return `${uid} [${[...system].sort().join(' ')}] [${keywords.join(' ')}]`;
}

// Polls until check() passes or the time is up; the last failure is the test's failure.
export async function eventually(check: () => Promise<void>, withinMs: number, intervalMs = 25): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
