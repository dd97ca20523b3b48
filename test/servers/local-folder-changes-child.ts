// The process test/integration/local-folder-changes-crash.test.ts kills: the real service
// over a data dir, asked through its channels to seed Local Folders ('seed': folders
// "Projects" and "Projects/2024" with mail imported as .eml), to delete "Projects" with its
// subfolder into Trash ('delete') or to rename it to "Work" ('rename'). With
// LETTERBOX_CRASH_AT set it kills itself at that step (electron/crash/crash-point.ts).
// argv: dataDir phase messagesJson (the .eml files of 'seed', base64).
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { importedCount, serviceApi } from './import-files.ts';

const [dataDir, phase, messagesJson] = process.argv.slice(2);
if (dataDir === undefined || phase === undefined)
  throw new Error('usage: local-folder-changes-child.ts dataDir seed|delete|rename [messagesJson]');

const service = createService({
  dataDir,
  secretStore: createFileSecretStore(dataDir),
  openExternal: () => Promise.resolve(false),
  logError: (error) => {
    console.error('service error:', error);
  },
});

async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const result = await service.dispatch(channel, args);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ResultOf<C>;
}

async function folderId(accountId: string, path: string): Promise<string> {
  const found = (await request('listFolders', { accountId })).find((folder) => folder.path === path);
  if (found === undefined) throw new Error(`no folder ${path}`);
  return found.id;
}

const accounts = await request('listAccounts', {});
const localId = accounts.find((account) => account.kind === 'local')?.id;
if (localId === undefined) throw new Error('no Local Folders account');

if (phase === 'seed') {
  const messages = JSON.parse(messagesJson ?? '[]') as readonly { readonly folder: string; readonly base64: string }[];
  await request('createFolder', { accountId: localId, parentFolderId: null, name: 'Projects' });
  await request('createFolder', { accountId: localId, parentFolderId: await folderId(localId, 'Projects'), name: '2024' });
  for (const path of ['Projects', 'Projects/2024']) {
    const files = messages
      .filter((message) => message.folder === path)
      .map((message, index) => ({ fileName: `m${index}.eml`, bytes: Buffer.from(message.base64, 'base64') }));
    await importedCount(serviceApi(service), await folderId(localId, path), files);
  }
} else if (phase === 'delete') {
  await request('deleteFolder', { folderId: await folderId(localId, 'Projects'), withSubfolders: true });
} else if (phase === 'rename') {
  await request('renameFolder', { folderId: await folderId(localId, 'Projects'), name: 'Work' });
} else {
  throw new Error(`unknown phase ${phase}`);
}
await service.close();
process.stdout.write('done\n');
