// The message list's page cache. Rows are fetched in pages; after a change event the
// cache is invalidated but the old rows stay on screen (stale) until fresh ones arrive,
// so a sync never makes the list flash empty.
import type { MessagePage, MessageSummary } from '../../../shared/domain.ts';

export const pageSize = 200;

// The pages kept, fresh and stale together: 5,000 rows around where the list was last
// scrolled. Scrolling through a folder of 100,000 would otherwise keep all of it, and the
// renderer's memory would grow with the folder. The least recently answered go first,
// except the first and last pages (edgePages), which Home and End jump to.
export const maxCachedPages = 25;

// The pages that hold the list's first and last rows. They are fetched as soon as the
// total is known and kept while the list is open, so jumping to either end draws from
// the cache in the frame that scrolled instead of waiting for a round trip to the service.
export function edgePages(total: number): readonly number[] {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return last === 0 ? [0] : [0, last];
}

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
  // Deleted first, so the Map's order is the order pages were answered in.
  pages.delete(pageIndex);
  pages.set(pageIndex, page.items);
  const stale = new Map(state.stale);
  stale.delete(pageIndex);
  const edges = edgePages(page.total);
  for (const oldest of stale.keys()) {
    if (pages.size + stale.size <= maxCachedPages) break;
    if (!edges.includes(oldest)) stale.delete(oldest);
  }
  for (const oldest of pages.keys()) {
    if (pages.size <= maxCachedPages) break;
    if (!edges.includes(oldest)) pages.delete(oldest);
  }
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
