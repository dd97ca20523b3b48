import { useEffect, useState } from 'react';
import type { UnifiedFolder } from '../../../shared/unified/unified-folders.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

// All Inboxes, All Sent, All Drafts with their counts, re-queried as folders and messages
// change. A failed query keeps what was shown: the accounts' own folders still work.
export function useUnifiedFolders(): readonly UnifiedFolder[] {
  const api = useApi();
  const [version, refresh] = useRefresh(250);
  const [folders, setFolders] = useState<readonly UnifiedFolder[]>([]);
  useEffect(() => {
    let active = true;
    void api.invoke('listUnifiedFolders', {}).then((result) => {
      if (active && result.ok) setFolders(result.value);
    });
    return () => {
      active = false;
    };
  }, [api, version]);
  useApiEvent('accountsChanged', refresh);
  useApiEvent('foldersChanged', refresh);
  useApiEvent('messagesChanged', refresh);
  return folders;
}
