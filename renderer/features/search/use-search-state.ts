import { useState } from 'react';
import type { SavedSearch, SearchSort } from '../../../shared/search/search-types.ts';

export type SearchUiState = {
  // The committed query (see SearchBox); searching while it is not blank.
  readonly query: string;
  readonly active: boolean;
  readonly sort: SearchSort;
  readonly savedId: string | null;
  // The words of the search that opened the current message, for the reader.
  readonly terms: readonly string[];
  // Changes when the search box must show a query it did not type (a saved search, a clear).
  readonly boxKey: number;
  readonly setQuery: (query: string) => void;
  readonly setSort: (sort: SearchSort) => void;
  readonly selectSaved: (search: SavedSearch) => void;
  readonly setTerms: (terms: readonly string[]) => void;
  readonly clear: () => void;
  // Runs a query chosen elsewhere (a keyword chip) and shows it in the search box.
  readonly showQuery: (query: string) => void;
};

export function useSearchState(): SearchUiState {
  const [query, setQueryText] = useState('');
  const [sort, setSort] = useState<SearchSort>('date');
  const [savedId, setSavedId] = useState<string | null>(null);
  const [terms, setTerms] = useState<readonly string[]>([]);
  const [boxKey, setBoxKey] = useState(0);
  return {
    query,
    active: query.trim().length > 0,
    sort,
    savedId,
    terms,
    boxKey,
    setQuery(next) {
      setQueryText(next);
      setSavedId(null);
    },
    setSort,
    selectSaved(search) {
      setQueryText(search.query);
      setSort(search.sort);
      setSavedId(search.id);
      setBoxKey((key) => key + 1);
    },
    setTerms,
    clear() {
      setQueryText('');
      setSavedId(null);
      setTerms([]);
      setBoxKey((key) => key + 1);
    },
    showQuery(next) {
      setQueryText(next);
      setSavedId(null);
      setBoxKey((key) => key + 1);
    },
  };
}
