// The message list's page cache. Rows are fetched in pages; after a change event the
// cache is invalidated but the old rows stay on screen (stale) until fresh ones arrive,
// so a sync never makes the list flash empty.
import type { MessagePage, MessageSummary } from '../../../shared/domain.ts';

export const pageSize = 200;

export type PagesState = {
  readonly generation: number;
  // null until the first page answers.
  readonly total: number | null;
  readonly pages: ReadonlyMap<number, readonly MessageSummary[]>;
  readonly stale: ReadonlyMap<number, readonly MessageSummary[]>;
};

export const emptyPages: PagesState = { generation: 0, total: null, pages: new Map(), stale: new Map() };

export function withPage(state: PagesState, generation: number, pageIndex: number, page: MessagePage): PagesState {
  if (generation !== state.generation) return state;
  const pages = new Map(state.pages);
  pages.set(pageIndex, page.items);
  const stale = new Map(state.stale);
  stale.delete(pageIndex);
  return { ...state, total: page.total, pages, stale };
}

export function invalidate(state: PagesState): PagesState {
  const stale = new Map(state.stale);
  for (const [index, items] of state.pages) stale.set(index, items);
  return { generation: state.generation + 1, total: state.total, pages: new Map(), stale };
}

export function rowAt(state: PagesState, index: number): MessageSummary | null {
  if (state.total !== null && index >= state.total) return null;
  const pageIndex = Math.floor(index / pageSize);
  const page = state.pages.get(pageIndex) ?? state.stale.get(pageIndex);
  return page?.[index - pageIndex * pageSize] ?? null;
}

export function missingPages(state: PagesState, needed: readonly number[]): readonly number[] {
  return needed.filter((pageIndex) => !state.pages.has(pageIndex));
}

// Where a message is now, after the list changed under it: fresh pages only.
export function indexOfMessage(state: PagesState, messageId: string): number | null {
  for (const [pageIndex, items] of state.pages) {
    const at = items.findIndex((item) => item.id === messageId);
    if (at >= 0) return pageIndex * pageSize + at;
  }
  return null;
}
