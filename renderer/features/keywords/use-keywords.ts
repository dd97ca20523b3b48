import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

export type KeywordsState = { readonly keywords: readonly Keyword[]; readonly error: AppError | null };

// The keywords, re-queried when one is defined or changed, and when messages change (a
// keyword another client set appears with the message that carries it).
export function useKeywords(): KeywordsState {
  const api = useApi();
  const [version, refresh] = useRefresh(250);
  const [state, setState] = useState<KeywordsState>({ keywords: [], error: null });
  useEffect(() => {
    let active = true;
    void api.invoke('listKeywords', {}).then((result) => {
      if (!active) return;
      setState((previous) => (result.ok ? { keywords: result.value, error: null } : { keywords: previous.keywords, error: result.error }));
    });
    return () => {
      active = false;
    };
  }, [api, version]);
  useApiEvent('keywordsChanged', refresh);
  useApiEvent('messagesChanged', refresh);
  return state;
}
