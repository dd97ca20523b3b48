// Local Folders set up through the service's own channels on a data dir, before the app (or
// browser mode) starts on it: folders made and mail imported exactly as the page would.
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import type { LetterboxApi } from '../../shared/api.ts';
import type { ArgsOf, ChannelName, ResultOf } from '../../shared/contract.ts';
import { serviceApi } from './import-files.ts';

export type LocalFoldersSeed = {
  readonly api: Pick<LetterboxApi, 'invoke'>;
  // A channel's answer, or a thrown error naming the channel.
  readonly request: <C extends ChannelName>(channel: C, args: ArgsOf<C>) => Promise<ResultOf<C>>;
  readonly localAccountId: string;
  // The id of the local folder at this path ("Projects/2024"); throws when there is none.
  readonly folderId: (path: string) => Promise<string>;
};

export async function seedLocalFolders(dataDir: string, work: (seed: LocalFoldersSeed) => Promise<void>): Promise<void> {
  const service = createService({
    dataDir,
    secretStore: createFileSecretStore(dataDir),
    openExternal: () => Promise.resolve(false),
    logError: (error) => {
      console.error(error);
    },
  });
  try {
    const api = serviceApi(service);
    async function request<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
      const result = await service.dispatch(channel, args);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as ResultOf<C>;
    }
    const local = (await request('listAccounts', {})).find((account) => account.kind === 'local');
    if (local === undefined) throw new Error('Local Folders are missing');
    async function folderId(path: string): Promise<string> {
      const folder = (await request('listFolders', { accountId: local!.id })).find((candidate) => candidate.path === path);
      if (folder === undefined) throw new Error(`no local folder "${path}"`);
      return folder.id;
    }
    await work({ api, request, localAccountId: local.id, folderId });
  } finally {
    await service.close();
  }
}
