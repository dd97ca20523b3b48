// The process test/integration/move-to-local-crash.test.ts kills: a service that moves every
// message of the server's Archive folder into the Local Folders Inbox with "Move folder's
// mail to local…" (saveFolderLocally, electron/local/folder-save-jobs.ts), resuming whatever
// an earlier, killed run left. One line on stdout per batch written here ('w') and per batch
// removed from the server ('x'), so the parent can kill it anywhere in the work; "done" once
// nothing is left to finish.
// argv: dataDir configJson (MoveCrashConfig).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import { databaseFileName } from '../../electron/store/open-database.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import type { MoveCrashConfig } from './move-to-local-crash-setup.ts';

const [dataDir, configJson] = process.argv.slice(2);
if (dataDir === undefined || configJson === undefined) throw new Error('usage: move-to-local-crash-child.ts dataDir configJson');
const config = JSON.parse(configJson) as MoveCrashConfig;
const storeFile = join(dataDir, databaseFileName);

const service = createService({
  dataDir,
  secretStore: createFileSecretStore(dataDir),
  trustedCertificates: [config.caCertificate],
  openExternal: () => Promise.resolve(false),
  logError: (error) => {
    console.error('service error:', error);
  },
});

let archiveId: string | null = null;
let targetId: string | null = null;
service.subscribe((event, payload) => {
  if (event !== 'messagesChanged') return;
  const { folderIds } = payload as { readonly folderIds: readonly string[] };
  if (targetId !== null && folderIds.includes(targetId)) process.stdout.write('w\n');
  if (archiveId !== null && folderIds.includes(archiveId)) process.stdout.write('x\n');
});

async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

async function until<T>(what: string, check: () => Promise<T | null> | T | null, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// What no channel tells: whether every move and folder job has finished (WAL: a second
// connection reads what is committed).
function unfinished(): number {
  const database = new DatabaseSync(storeFile, { readOnly: true, timeout: 5000 });
  try {
    const row = database
      .prepare("SELECT (SELECT COUNT(*) FROM local_saves WHERE state <> 'done') + (SELECT COUNT(*) FROM folder_save_jobs) AS n")
      .get();
    return Number(row?.n ?? 0);
  } finally {
    database.close();
  }
}

const archive = await until(
  'the Archive folder',
  async () =>
    (await request('listFolders', { accountId: config.imapAccountId })).find((folder) => folder.path === 'Archive') ?? null,
);
const local = (await request('listAccounts', {})).find((account) => account.kind === 'local');
if (local === undefined) throw new Error('no Local Folders');
const inbox = (await request('listFolders', { accountId: local.id })).find((folder) => folder.role === 'inbox');
if (inbox === undefined) throw new Error('no local Inbox');
archiveId = archive.id;
targetId = inbox.id;
process.stdout.write('start\n');
const report = await request('saveFolderLocally', { folderId: archive.id, targetFolderId: inbox.id, mode: 'move' });
await until('every move finished', () => (unfinished() === 0 ? true : null));
await service.close();
process.stdout.write(`done ${JSON.stringify(report)}\n`);
