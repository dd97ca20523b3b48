// The search results' page cache: results are fetched a page at a time as the list
// scrolls, never all at once. Pages belong to one query (its key); after a change event
// they are invalidated but stay on screen (stale) until fresh ones arrive, and a new
// query keeps the previous one's rows until its own first page answers, so typing never
// makes the list flash empty.
import { searchPageSize, type SearchPage, type SearchResultItem } from '../../../shared/search/search-types.ts';

export type SearchPagesState = {
  // The query and sort the fresh pages answer.
  readonly key: string;
  readonly generation: number;
  // null until the first page of any query answers.
  readonly total: number | null;
  // The store stopped counting at total: more may match (SearchPage.totalAtLeast).
  readonly totalAtLeast: boolean;
  readonly terms: readonly string[];
  readonly serverSearched: boolean;
  readonly pages: ReadonlyMap<number, readonly SearchResultItem[]>;
  readonly stale: ReadonlyMap<number, readonly SearchResultItem[]>;
  // The query the stale rows answered.
  readonly staleKey: string;
};

export function emptySearchPages(key: string): SearchPagesState {
  return {
    key,
    generation: 0,
    total: null,
    totalAtLeast: false,
    terms: [],
    serverSearched: false,
    pages: new Map(),
    stale: new Map(),
    staleKey: '',
  };
}

function withStale(state: SearchPagesState): ReadonlyMap<number, readonly SearchResultItem[]> {
  const stale = new Map(state.stale);
  for (const [index, items] of state.pages) stale.set(index, items);
  return stale;
}

export function forQuery(state: SearchPagesState, key: string): SearchPagesState {
  if (state.key === key) return state;
  const staleKey = state.pages.size > 0 ? state.key : state.staleKey;
  return {
    ...state,
    key,
    generation: state.generation + 1,
    pages: new Map(),
    stale: withStale(state),
    staleKey,
  };
}

export function invalidateSearchPages(state: SearchPagesState): SearchPagesState {
  const staleKey = state.pages.size > 0 ? state.key : state.staleKey;
  return {
    ...state,
    generation: state.generation + 1,
    pages: new Map(),
    stale: withStale(state),
    staleKey,
  };
}

export function withSearchPage(state: SearchPagesState, key: string, generation: number, pageIndex: number, page: SearchPage): SearchPagesState {
  if (key !== state.key || generation !== state.generation) return state;
  const pages = new Map(state.pages);
  pages.set(pageIndex, page.items);
  // Rows of another query never sit beside this one's: its first page retires them all.
  const stale = state.staleKey === key ? new Map(state.stale) : new Map<number, readonly SearchResultItem[]>();
  stale.delete(pageIndex);
  // Counts that stopped at a cap grow as later pages are asked for; one that answers late
  // for an earlier page must not shrink the list under the rows already shown.
  const keepLarger = state.pages.size > 0 && state.totalAtLeast && page.totalAtLeast === true && (state.total ?? 0) > page.total;
  return {
    ...state,
    total: keepLarger ? state.total : page.total,
    totalAtLeast: keepLarger || page.totalAtLeast === true,
    terms: page.terms,
    serverSearched: page.serverSearched,
    pages,
    stale,
    staleKey: key,
  };
}

export function resultAt(state: SearchPagesState, index: number): SearchResultItem | null {
  if (state.total !== null && index >= state.total) return null;
  const pageIndex = Math.floor(index / searchPageSize);
  const page = state.pages.get(pageIndex) ?? state.stale.get(pageIndex);
  return page?.[index - pageIndex * searchPageSize] ?? null;
}

// True once the current query's first page has answered.
export function answered(state: SearchPagesState): boolean {
  return state.pages.size > 0 || state.staleKey === state.key;
}

export function missingSearchPages(state: SearchPagesState, needed: readonly number[]): readonly number[] {
  return needed.filter((pageIndex) => !state.pages.has(pageIndex));
}

// Where a result is now, after the results changed under it: fresh pages only.
export function indexOfResult(state: SearchPagesState, messageId: string): number | null {
  for (const [pageIndex, items] of state.pages) {
    const at = items.findIndex((item) => item.id === messageId);
    if (at >= 0) return pageIndex * searchPageSize + at;
  }
  return null;
}
