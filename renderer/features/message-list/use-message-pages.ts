import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useCoalesced } from '../../ui/use-refresh.ts';
import { emptyPages, invalidate, missingPages, pageSize, withPage, type PagesState } from './message-pages.ts';
import { pagesForRange } from './virtual-window.ts';

export type MessagePagesState = {
  readonly pages: PagesState;
  readonly error: AppError | null;
};

// Fetches the pages that hold the rows on screen, once each, and re-queries them
// when the folder's messages change. Mount it keyed by folder so a new folder starts empty.
export function useMessagePages(folderId: string, start: number, end: number): MessagePagesState {
  const api = useApi();
  const [pages, setPages] = useState<PagesState>(emptyPages);
  const [error, setError] = useState<AppError | null>(null);
  const refresh = useCoalesced(() => { setPages(invalidate); }, 250);
  const inFlight = useRef(new Set<string>());
  // Before the first answer the total is unknown: ask for the first page only. An empty
  // folder still needs its first page, or mail arriving in it would never be re-queried.
  const neededPages = pages.total === null || pages.total === 0 ? [0] : pagesForRange(start, Math.min(end, pages.total), pageSize);
  const neededKey = neededPages.join(',');

  useEffect(() => {
    const wanted = neededKey.length === 0 ? [] : neededKey.split(',').map(Number);
    const generation = pages.generation;
    for (const pageIndex of missingPages(pages, wanted)) {
      const key = `${generation}:${pageIndex}`;
      if (inFlight.current.has(key)) continue;
      inFlight.current.add(key);
      void api.invoke('listMessages', { folderId, offset: pageIndex * pageSize, limit: pageSize }).then((result) => {
        inFlight.current.delete(key);
        if (result.ok) {
          setPages((state) => withPage(state, generation, pageIndex, result.value));
          setError(null);
        } else {
          setError(result.error);
        }
      });
    }
  }, [api, folderId, neededKey, pages]);

  useApiEvent('messagesChanged', ({ folderIds }) => {
    if (folderIds.includes(folderId)) refresh();
  });

  return { pages, error };
}
