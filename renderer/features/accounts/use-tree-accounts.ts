import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';
import { treeAccounts } from './tree-accounts.ts';

// The accounts the folder tree shows (tree-accounts.ts), watching whether Local Folders hold mail.
export function useTreeAccounts(accounts: readonly Account[]): readonly Account[] {
  const api = useApi();
  const [version, refresh] = useRefresh(250);
  const [holdsMail, setHoldsMail] = useState(false);
  const localId = accounts.find((account) => account.kind === 'local')?.id ?? null;
  useEffect(() => {
    if (localId === null) return;
    let active = true;
    void api.invoke('listFolders', { accountId: localId }).then((result) => {
      if (active && result.ok) setHoldsMail(result.value.some((folder) => folder.totalCount > 0));
    });
    return () => {
      active = false;
    };
  }, [api, localId, version]);
  useApiEvent('foldersChanged', refresh);
  useApiEvent('messagesChanged', refresh);
  return treeAccounts(accounts, localId !== null && holdsMail);
}
