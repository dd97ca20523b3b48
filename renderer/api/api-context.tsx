import { createContext, useContext, type ReactNode } from 'react';
import type { LetterboxApi } from '../../shared/api.ts';

const ApiContext = createContext<LetterboxApi | null>(null);

export function ApiProvider({ api, children }: { readonly api: LetterboxApi; readonly children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): LetterboxApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi needs an ApiProvider above it');
  return api;
}
