import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { SearchPage, SearchSort, ServerSearchReport } from '../../../shared/search/search-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

// Results shown at most; a search is for finding, and the query narrows it further.
export const resultLimit = 500;

export type SearchState = {
  readonly page: SearchPage | null;
  readonly error: AppError | null;
  readonly server: ServerSearchReport | null;
  readonly serverBusy: boolean;
  readonly searchServer: () => void;
};

// Local results for the query at once; the server searched on demand, and by itself when
// the local index finds nothing and the app is not offline. Re-queries as mail changes,
// so a saved search shown as a folder stays current.
export function useSearch(query: string, sort: SearchSort): SearchState {
  const api = useApi();
  const [answer, setAnswer] = useState<{ readonly query: string; readonly page: SearchPage } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Kept with the query it answers, so a new query shows no stale report.
  const [server, setServer] = useState<{ readonly query: string; readonly report: ServerSearchReport } | null>(null);
  const [serverBusy, setServerBusy] = useState(false);
  const [version, refresh] = useRefresh(250);
  const autoTried = useRef(new Set<string>());
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    void api.invoke('searchMessages', { query, sort, offset: 0, limit: resultLimit }).then((result) => {
      // Typing fast sends many queries; only the newest one's answer is shown.
      if (ticket !== latest.current) return;
      if (result.ok) {
        setAnswer({ query, page: result.value });
        setError(null);
      } else {
        setAnswer(null);
        setError(result.error);
      }
    });
  }, [api, query, sort, version]);

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
      else if (!auto) setError(result.error);
      refresh();
    })();
  }

  const page = answer?.page ?? null;
  const emptyLocally = answer?.query === query && answer.page.total === 0 && !answer.page.serverSearched && error === null;
  const searchServerOnce = useEffectEvent((forQuery: string) => {
    if (autoTried.current.has(forQuery)) return;
    autoTried.current.add(forQuery);
    runServerSearch(true);
  });
  useEffect(() => {
    if (emptyLocally) searchServerOnce(query);
  }, [emptyLocally, query]);

  useApiEvent('messagesChanged', () => { refresh(); });

  return { page, error, server: server?.query === query ? server.report : null, serverBusy, searchServer: () => { runServerSearch(false); } };
}
