import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { searchPageSize, type SearchSort, type ServerSearchReport } from '../../../shared/search/search-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useCoalesced } from '../../ui/use-refresh.ts';
import { pagesForRange } from '../message-list/virtual-window.ts';
import { answered, emptySearchPages, forQuery, invalidateSearchPages, missingSearchPages, withSearchPage, type SearchPagesState } from './search-pages.ts';

export type SearchState = {
  readonly pages: SearchPagesState;
  readonly error: AppError | null;
  readonly server: ServerSearchReport | null;
  readonly serverBusy: boolean;
  readonly searchServer: () => void;
};

// Local results for the query at once, a page at a time for the rows [start, end) on
// screen; the server searched on demand, and by itself when the local index finds nothing
// and the app is not offline. Re-queries as mail changes, so a saved search shown as a
// folder stays current.
export function useSearch(query: string, sort: SearchSort, start: number, end: number): SearchState {
  const api = useApi();
  const key = `${sort}\n${query}`;
  const [stored, setPages] = useState<SearchPagesState>(() => emptySearchPages(key));
  // A new query takes over in the render it arrives in, so nothing is asked for the old one.
  const pages = forQuery(stored, key);
  if (stored !== pages) setPages(pages);
  const [error, setError] = useState<{
    readonly key: string;
    readonly error: AppError;
  } | null>(null);
  // Kept with the query it answers, so a new query shows no stale report.
  const [server, setServer] = useState<{
    readonly query: string;
    readonly report: ServerSearchReport;
  } | null>(null);
  const [serverBusy, setServerBusy] = useState(false);
  const refresh = useCoalesced(() => {
    setPages(invalidateSearchPages);
  }, 250);
  const inFlight = useRef(new Set<string>());
  const autoTried = useRef(new Set<string>());
  // Before the first answer the total is unknown: ask for the first page only. An empty
  // result still needs it, or mail arriving that matches would never be re-queried.
  const total = answered(pages) ? pages.total : null;
  const neededPages = total === null || total === 0 ? [0] : pagesForRange(start, Math.min(end, total), searchPageSize);
  const neededKey = neededPages.join(',');

  useEffect(() => {
    const wanted = neededKey.split(',').map(Number);
    const generation = pages.generation;
    for (const pageIndex of missingSearchPages(pages, wanted)) {
      const ticket = `${key}\n${generation}:${pageIndex}`;
      if (inFlight.current.has(ticket)) continue;
      inFlight.current.add(ticket);
      void api
        .invoke('searchMessages', {
          query,
          sort,
          offset: pageIndex * searchPageSize,
          limit: searchPageSize,
        })
        .then((result) => {
          inFlight.current.delete(ticket);
          if (result.ok) {
            // Typing fast sends many queries; an answer for any but the newest is dropped here.
            setPages((state) => withSearchPage(state, key, generation, pageIndex, result.value));
            setError((current) => (current?.key === key ? null : current));
          } else {
            setError({ key, error: result.error });
          }
        });
    }
  }, [api, key, query, sort, neededKey, pages]);

  function runServerSearch(auto: boolean) {
    const asked = query;
    setServerBusy(true);
    void (async () => {
      if (auto) {
        const status = await api.invoke('getStatus', {});
        if (status.ok && status.value.state === 'offline') {
          setServerBusy(false);
          return;
        }
      }
      const result = await api.invoke('searchServer', { query: asked });
      setServerBusy(false);
      if (result.ok) setServer({ query: asked, report: result.value });
      else if (!auto) setError({ key: `${sort}\n${asked}`, error: result.error });
      setPages(invalidateSearchPages);
    })();
  }

  const currentError = error?.key === key ? error.error : null;
  const emptyLocally = pages.pages.has(0) && pages.total === 0 && !pages.serverSearched && currentError === null;
  const searchServerOnce = useEffectEvent((forQueryText: string) => {
    if (autoTried.current.has(forQueryText)) return;
    autoTried.current.add(forQueryText);
    runServerSearch(true);
  });
  useEffect(() => {
    if (emptyLocally) searchServerOnce(query);
  }, [emptyLocally, query]);

  useApiEvent('messagesChanged', () => {
    refresh();
  });

  return {
    pages,
    error: currentError,
    server: server?.query === query ? server.report : null,
    serverBusy,
    searchServer: () => {
      runServerSearch(false);
    },
  };
}
