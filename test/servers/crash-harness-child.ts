// The process test/integration/crash-harness.test.ts kills. `work` runs, one after the
// other so each crash point's count means the same step in every run: a POP3 check that
// downloads and deletes, a "Move to local" of the Archive folder, and two saves of one
// draft (the second replaces the first on the server). `recover` only restarts the service
// and waits until its recovery is done: the POP3 check that finishes the download, the
// interrupted moves, the drafts' server copies.
// argv: phase dataDir configJson. LETTERBOX_CRASH_AT / LETTERBOX_CRASH_COUNT come from
// the environment (electron/crash/crash-point.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { crashPointCounts } from '../../electron/crash/crash-point.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { SyncStatus } from '../../shared/domain.ts';
import type { CrashChildConfig } from './crash-harness-setup.ts';

const [phase, dataDir, configJson] = process.argv.slice(2);
if ((phase !== 'work' && phase !== 'recover') || dataDir === undefined || configJson === undefined) {
  throw new Error('usage: crash-harness-child.ts work|recover dataDir configJson');
}
const config = JSON.parse(configJson) as CrashChildConfig;
const storeFile = join(dataDir, databaseFileName);

const service = createService({
  dataDir,
  secretStore: createFileSecretStore(dataDir),
  trustedCertificates: [config.caCertificate],
  openExternal: () => Promise.resolve(false),
  logError: (error) => {
    console.error('service error:', error);
  },
  pop3CheckIntervalMs: 3_600_000,
});
const statuses: SyncStatus[] = [];
service.subscribe((event, payload) => {
  if (event === 'status') statuses.push(payload as SyncStatus);
});

async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

async function until<T>(what: string, check: () => Promise<T | null> | T | null, withinMs = 30_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; statuses: ${JSON.stringify(statuses.slice(-5))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// A second connection to the store for what no channel tells (WAL: it reads committed data).
function storeQuery(sql: string): number {
  const database = new DatabaseSync(storeFile, { readOnly: true, timeout: 5000 });
  try {
    const row = database.prepare(sql).get();
    return Number(row === undefined ? 0 : Object.values(row)[0]);
  } finally {
    database.close();
  }
}

function report(label: string): void {
  if (process.env.LETTERBOX_CRASH_COUNT === '1') process.stdout.write(`counts ${label} ${JSON.stringify(crashPointCounts())}\n`);
}

const pop3Done = (): boolean => statuses.some((status) => status.accountId === config.pop3AccountId && status.state === 'idle');
const draftsOnServer = (): number | null => (storeQuery('SELECT COUNT(*) FROM drafts WHERE uploaded_version < version OR discarded = 1') === 0 ? 1 : null);

if (phase === 'work') {
  // 1. The POP3 account's first check, which the service starts by itself.
  await until('the POP3 check', () => (pop3Done() ? true : null));
  report('pop3');
  // 2. Move the Archive folder's messages to the Local Folders Inbox.
  const archive = await until('the Archive folder', async () => (await request('listFolders', { accountId: config.imapAccountId })).find((folder) => folder.path === 'Archive') ?? null);
  await request('syncFolder', { folderId: archive.id });
  const page = await request('listMessages', { folderId: archive.id, offset: 0, limit: 100 });
  assert.equal(page.items.length, config.moveCount, 'every Archive message is cached');
  const local = (await request('listAccounts', {})).find((account) => account.kind === 'local');
  assert.ok(local);
  const inbox = (await request('listFolders', { accountId: local.id })).find((folder) => folder.role === 'inbox');
  assert.ok(inbox);
  const moved = await request('saveLocally', { messageIds: page.items.map((item) => item.id), targetFolderId: inbox.id, mode: 'move' });
  assert.equal(moved.removedFromServer, config.moveCount, JSON.stringify(moved));
  report('move');
  // 3. A draft saved twice; each version replaces the last on the server.
  const fields = {
    accountId: config.imapAccountId,
    to: ['bob@example.org'],
    cc: [],
    bcc: [],
    subject: 'Crash draft',
    body: 'first version',
    attachments: [],
    relation: null,
    inReplyTo: null,
    references: [],
  };
  const { draftId } = await request('saveDraft', { message: fields, draftId: null });
  await until('the first draft on the server', draftsOnServer);
  await request('saveDraft', { message: { ...fields, body: 'second version' }, draftId });
  await until('the second draft on the server', draftsOnServer);
  report('drafts');
} else {
  await until('the POP3 check', () => (pop3Done() ? true : null));
  await until('finished moves', () => (storeQuery("SELECT COUNT(*) FROM local_saves WHERE state <> 'done'") === 0 ? true : null));
  await until('drafts on the server', draftsOnServer);
}
await service.close();
process.stdout.write('done\n');
