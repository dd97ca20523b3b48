import { useEffect, useState } from 'react';
import type { Account, Folder } from '../../shared/domain.ts';
import { useApi } from '../api/api-context.tsx';
import { useApiEvent } from './use-api-event.ts';
import { useRefresh } from './use-refresh.ts';

export type LocalFolderChoice = {
  // Every account, to tell an IMAP message from one already kept here.
  readonly accounts: readonly Account[];
  // The folders of Local Folders that can hold mail, Inbox first.
  readonly folders: readonly Folder[];
};

// Where mail can be kept on this computer: the targets of "Save locally", "Move to local",
// imports and a POP3 account's delivery. Follows folder changes.
export function useLocalFolders(): LocalFolderChoice {
  const api = useApi();
  const [version, refresh] = useRefresh(250);
  const [choice, setChoice] = useState<LocalFolderChoice>({ accounts: [], folders: [] });
  useEffect(() => {
    const current = { active: true };
    void (async () => {
      const accounts = await api.invoke('listAccounts', {});
      if (!accounts.ok) return;
      const local = accounts.value.find((account) => account.kind === 'local');
      const folders = local === undefined ? null : await api.invoke('listFolders', { accountId: local.id });
      if (!current.active) return;
      setChoice({
        accounts: accounts.value,
        folders: folders?.ok === true ? folders.value.filter((folder) => folder.selectable) : [],
      });
    })();
    return () => {
      current.active = false;
    };
  }, [api, version]);
  useApiEvent('foldersChanged', refresh);
  useApiEvent('accountsChanged', refresh);
  return choice;
}
