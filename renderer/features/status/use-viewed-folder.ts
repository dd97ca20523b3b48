import { useEffect } from 'react';
import { useApi } from '../../api/api-context.tsx';

// Tells main which folder the window shows, so it is synced at once and watched with
// IDLE (besides the Inbox) while it is shown.
export function useViewedFolder(folderId: string | null): void {
  const api = useApi();
  useEffect(() => {
    void api.invoke('setViewedFolder', { folderId });
  }, [api, folderId]);
}
