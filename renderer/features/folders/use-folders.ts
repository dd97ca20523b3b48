import { useEffect, useState } from 'react';
import type { Account, Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

export type FoldersState = {
  readonly folders: ReadonlyMap<string, readonly Folder[]>;
  readonly error: AppError | null;
};

// Folders of every account, re-queried when folders change or unread counts may have.
export function useFolders(accounts: readonly Account[]): FoldersState {
  const api = useApi();
  const [version, refresh] = useRefresh(250);
  const [state, setState] = useState<FoldersState>({ folders: new Map(), error: null });
  useEffect(() => {
    let active = true;
    void Promise.all(accounts.map(async (account) => [account.id, await api.invoke('listFolders', { accountId: account.id })] as const)).then(
      (results) => {
        if (!active) return;
        setState((previous) => {
          const folders = new Map<string, readonly Folder[]>();
          let error: AppError | null = null;
          for (const [accountId, result] of results) {
            if (result.ok) folders.set(accountId, result.value);
            else {
              error = result.error;
              // Keep what was shown before rather than blanking the tree on a transient error.
              const kept = previous.folders.get(accountId);
              if (kept !== undefined) folders.set(accountId, kept);
            }
          }
          return { folders, error };
        });
      },
    );
    return () => {
      active = false;
    };
  }, [api, accounts, version]);
  useApiEvent('foldersChanged', refresh);
  useApiEvent('messagesChanged', refresh);
  return state;
}
