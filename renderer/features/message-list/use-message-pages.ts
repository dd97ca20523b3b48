import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { unifiedRoleOf } from '../../../shared/unified/unified-folders.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useNextFrameUpdates } from '../../ui/use-next-frame-updates.ts';
import { useCoalesced } from '../../ui/use-refresh.ts';
import { edgePages, emptyPages, invalidate, missingPages, pageSize, withPage, type PagesState } from './message-pages.ts';
import { pagesForRange } from './virtual-window.ts';

export type MessagePagesState = {
  readonly pages: PagesState;
  readonly error: AppError | null;
  // Applies the pages answered since the last frame (use-next-frame-updates.ts): call it
  // inside the scroll's render, which then draws them too.
  readonly flushAnswered: () => void;
};

// How the list shows the folder: its messages, or its conversations (listConversations)
// with the open ones' messages under their head rows.
export type ListView = { readonly conversations: boolean; readonly expanded: readonly string[] };

const messagesView: ListView = { conversations: false, expanded: [] };

// Fetches the pages that hold the rows on screen, once each, and re-queries them
// when the folder's messages change. Mount it keyed by folder and by view.conversations,
// so a new folder or view starts empty.
export function useMessagePages(folderId: string, start: number, end: number, view: ListView = messagesView): MessagePagesState {
  const api = useApi();
  const [pages, setPages] = useState<PagesState>(emptyPages);
  const [error, setError] = useState<AppError | null>(null);
  const answered = useNextFrameUpdates(setPages);
  const refresh = useCoalesced(() => { setPages(invalidate); }, 250);
  const inFlight = useRef(new Set<string>());
  const expandedKey = view.expanded.join(',');
  const shownExpanded = useRef(expandedKey);
  // Opening or closing a conversation moves every row below it: ask again, showing the
  // old rows until the new ones come.
  useEffect(() => {
    if (shownExpanded.current === expandedKey) return;
    shownExpanded.current = expandedKey;
    setPages(invalidate);
  }, [expandedKey]);
  // Before the first answer the total is unknown: ask for the first page only. An empty
  // folder still needs its first page, or mail arriving in it would never be re-queried.
  // Once the total is known, the first and last pages too (edgePages), unless a stale copy
  // of one is shown until the rows there are needed: a sync's changes do not cost a
  // request for an end nobody is looking at.
  const neededPages =
    pages.total === null || pages.total === 0
      ? [0]
      : [...new Set([...pagesForRange(start, Math.min(end, pages.total), pageSize), ...edgePages(pages.total).filter((index) => !pages.stale.has(index))])];
  const neededKey = neededPages.join(',');

  useEffect(() => {
    const wanted = neededKey.length === 0 ? [] : neededKey.split(',').map(Number);
    const generation = pages.generation;
    for (const pageIndex of missingPages(pages, wanted)) {
      const key = `${generation}:${pageIndex}`;
      if (inFlight.current.has(key)) continue;
      inFlight.current.add(key);
      const offset = pageIndex * pageSize;
      const request = view.conversations
        ? api.invoke('listConversations', { folderId, offset, limit: pageSize, expanded: expandedKey.length === 0 ? [] : expandedKey.split(',') })
        : api.invoke('listMessages', { folderId, offset, limit: pageSize });
      void request.then((result) => {
        inFlight.current.delete(key);
        if (result.ok) {
          answered.queue((state) => withPage(state, generation, pageIndex, result.value));
          setError(null);
        } else {
          setError(result.error);
        }
      });
    }
  }, [api, answered, folderId, neededKey, pages, view.conversations, expandedKey]);

  useApiEvent('messagesChanged', ({ folderIds }) => {
    // A unified folder spans many folders, and a conversation reaches into other folders of
    // its account (a reply in Sent): any change may move their rows.
    if (folderIds.includes(folderId) || view.conversations || unifiedRoleOf(folderId) !== null) refresh();
  });

  return { pages, error, flushAnswered: answered.flush };
}
