// Which rows of a fixed-row-height list to put in the DOM. Rendering only these
// (plus overscan) keeps a 100,000-message folder as cheap as a 30-message one.
export type VirtualWindowInput = {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  // Rows drawn past the viewport on the side the list scrolls towards, so rows are there
  // when the compositor scrolls on before the page has drawn the frame's rows...
  readonly overscan: number;
  // ...and on the side it scrolls away from (overscan when not given): fewer rows to
  // style, lay out and paint each frame, with the same margin ahead.
  readonly overscanBehind?: number;
  // The last scroll went up: ahead is above the viewport.
  readonly scrollingUp?: boolean;
};

export type VirtualWindow = {
  // First row to render, inclusive.
  readonly start: number;
  // Row after the last one to render.
  readonly end: number;
  readonly totalHeight: number;
};

export function computeVirtualWindow(input: VirtualWindowInput): VirtualWindow {
  const rowCount = Math.max(0, Math.floor(input.rowCount));
  const rowHeight = Math.max(1, input.rowHeight);
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0) return { start: 0, end: 0, totalHeight };
  const maxScroll = Math.max(0, totalHeight - input.viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const lastVisible = Math.ceil((scrollTop + Math.max(0, input.viewportHeight)) / rowHeight);
  const behind = input.overscanBehind ?? input.overscan;
  const above = input.scrollingUp === true ? input.overscan : behind;
  const below = input.scrollingUp === true ? behind : input.overscan;
  const start = Math.max(0, firstVisible - above);
  const end = Math.min(rowCount, Math.max(lastVisible, firstVisible + 1) + below);
  return { start, end, totalHeight };
}

// The pages (of pageSize rows) that hold rows [start, end).
export function pagesForRange(start: number, end: number, pageSize: number): readonly number[] {
  if (end <= start) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  const pages: number[] = [];
  for (let page = first; page <= last; page += 1) pages.push(page);
  return pages;
}

// The scroll position that brings a row fully into view, moving as little as possible.
export function scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

// The rows a keyboard key moves the selection to (WAI-ARIA APG listbox, plus j/k as in mail clients).
export function nextListIndex(key: string, current: number, rowCount: number, pageRows: number): number | null {
  if (rowCount === 0) return null;
  const clamp = (value: number) => Math.min(rowCount - 1, Math.max(0, value));
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return clamp(current < 0 ? 0 : current + 1);
    case 'ArrowUp':
    case 'k':
      return clamp(current < 0 ? 0 : current - 1);
    case 'Home':
      return 0;
    case 'End':
      return rowCount - 1;
    case 'PageDown':
      return clamp(current + Math.max(1, pageRows));
    case 'PageUp':
      return clamp(current - Math.max(1, pageRows));
    default:
      return null;
  }
}

// How many rows a window can hold at most for this viewport: keys rows by index modulo
// this, so no two rows of one window share a key.
export function rowSlotCount(viewportHeight: number, rowHeight: number, overscan: number): number {
  return Math.ceil(Math.max(0, viewportHeight) / Math.max(1, rowHeight)) + 2 + 2 * overscan;
}

// Where a list was scrolled to, and whether it last moved up (its rows ahead are above).
export type ScrollPosition = { readonly top: number; readonly up: boolean };

// The position after a scroll event at top: an event that did not move keeps the direction.
export function scrolledTo(previous: ScrollPosition, top: number): ScrollPosition {
  return { top, up: top === previous.top ? previous.up : top < previous.top };
}
