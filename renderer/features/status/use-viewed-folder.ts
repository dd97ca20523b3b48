import { useEffect } from 'react';
import { unifiedRoleOf } from '../../../shared/unified/unified-folders.ts';
import { useApi } from '../../api/api-context.tsx';

// Tells main which folder the window shows, so it is synced at once and watched with
// IDLE (besides the Inbox) while it is shown. A unified folder (All Inboxes…) is no one
// folder to watch: main refuses its id, and every Inbox is watched anyway.
export function useViewedFolder(folderId: string | null): void {
  const api = useApi();
  const viewed = folderId !== null && unifiedRoleOf(folderId) !== null ? null : folderId;
  useEffect(() => {
    void api.invoke('setViewedFolder', { folderId: viewed });
  }, [api, viewed]);
}
