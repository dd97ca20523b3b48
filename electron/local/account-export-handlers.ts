// The channels of the whole-account export and its import (account-export.ts), kept apart
// from local-handlers.ts so create-service composes them with one line.
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { createAccountExports } from './account-export.ts';
import type { LocalFolders } from './local-folders.ts';

export type AccountExportHandlerOptions = {
  readonly store: Store;
  readonly local: LocalFolders;
  readonly emit: EmitEvent;
  readonly sourceOf: (messageId: string) => Promise<Buffer>;
};

export function createAccountExportHandlers(options: AccountExportHandlerOptions): Pick<Handlers, 'exportAccount' | 'importAccountExport'> {
  const exports = createAccountExports(options);
  return {
    exportAccount: ({ accountId, directory }) => exports.exportAccount(accountId, directory),
    async importAccountExport({ directory, folderName }) {
      const report = await exports.importExport(directory, folderName);
      const accountId = (await options.local.account()).accountId;
      options.emit('foldersChanged', { accountId });
      options.emit('messagesChanged', { folderIds: (await options.store.folders.listByAccount(accountId)).map((folder) => folder.id) });
      return report;
    },
  };
}
