import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { SearchResultItem, SearchSort } from '../../../shared/search/search-types.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { formatListDate } from '../../ui/format-date.ts';
import { HighlightedText } from '../../ui/highlighted-text.tsx';
import { useApi } from '../../api/api-context.tsx';
import { computeVirtualWindow, nextListIndex, scrolledTo, scrollTopToReveal, type ScrollPosition } from '../message-list/virtual-window.ts';
import { indexOfResult, resultAt } from './search-pages.ts';
import { serverNote } from './server-note.ts';
import { useSearch } from './use-search.ts';

type SearchResultsProps = {
  readonly query: string;
  readonly sort: SearchSort;
  readonly onSort: (sort: SearchSort) => void;
  readonly openMessageId: string | null;
  readonly onOpen: (messageId: string, terms: readonly string[]) => void;
};

const rowHeight = 56;
// As the message list (message-list.tsx): the full overscan ahead of the scroll, fewer
// rows behind it.
const overscan = 8;
const overscanBehind = 2;

type Selection = { readonly index: number; readonly messageId: string | null };

// Search results in the message list's place: same rows, matched words marked. Only the
// rows in view are in the DOM, fetched a page at a time, so 50,000 hits cost what 50 do.
export function SearchResults({ query, sort, onSort, openMessageId, onOpen }: SearchResultsProps) {
  const api = useApi();
  const baseId = useId();
  const viewport = useRef<HTMLDivElement>(null);
  // The scroll position the rows were drawn for, and whether the list last scrolled up.
  const [scroll, setScroll] = useState<ScrollPosition>({ top: 0, up: false });
  const [viewportHeight, setViewportHeight] = useState(0);
  const windowAt = (scrollTop: number, scrollingUp: boolean, rowCount: number) =>
    computeVirtualWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan, overscanBehind, scrollingUp });
  const requested = windowAt(scroll.top, scroll.up, Number.MAX_SAFE_INTEGER);
  const { pages, error, server, serverBusy, searchServer } = useSearch(query, sort, requested.start, requested.end);
  const [selection, setSelection] = useState<Selection>({
    index: 0,
    messageId: null,
  });
  const [now] = useState(() => Date.now());
  const [saveError, setSaveError] = useState<string | null>(null);
  const total = error === null ? (pages.total ?? 0) : 0;
  // ARIA's "size unknown" while the count stopped at its cap.
  const setSize = pages.totalAtLeast ? -1 : total;
  const terms = pages.terms;
  const visible = windowAt(scroll.top, scroll.up, total);
  const movedTo = selection.messageId === null ? null : indexOfResult(pages, selection.messageId);
  const selectedIndex = Math.min(movedTo ?? selection.index, Math.max(0, total - 1));

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => {
      setViewportHeight(element.clientHeight);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);

  // A new query starts at its top (the scroll event then brings scrollTop to 0).
  const [shownKey, setShownKey] = useState(`${sort}\n${query}`);
  if (shownKey !== `${sort}\n${query}`) {
    setShownKey(`${sort}\n${query}`);
    setSelection({ index: 0, messageId: null });
  }
  useEffect(() => {
    if (viewport.current !== null) viewport.current.scrollTop = 0;
  }, [query, sort]);

  function select(index: number) {
    setSelection({ index, messageId: resultAt(pages, index)?.id ?? null });
    const element = viewport.current;
    if (element !== null) {
      const next = scrollTopToReveal(index, element.scrollTop, element.clientHeight, rowHeight);
      if (next !== element.scrollTop) element.scrollTop = next;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Enter') {
      const item = resultAt(pages, selectedIndex);
      if (item !== null) onOpen(item.id, terms);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const next = nextListIndex(event.key, selectedIndex, total, Math.max(1, Math.floor(viewportHeight / rowHeight) - 1));
    if (next === null) return;
    event.preventDefault();
    select(next);
  }

  function save() {
    void api.invoke('saveSearch', { name: query, query, sort }).then((result) => {
      setSaveError(result.ok ? null : result.error.message);
    });
  }

  const indexes = Array.from({ length: Math.max(0, Math.min(visible.end, total) - visible.start) }, (_, offset) => visible.start + offset);
  const rows = indexes.map((index) => {
    const item = resultAt(pages, index);
    const common = {
      id: `${baseId}-row-${index}`,
      index,
      total: setSize,
      top: index * rowHeight,
    };
    return item === null ? (
      <div
        key={`loading-${index}`}
        id={common.id}
        role="option"
        aria-selected={false}
        aria-posinset={index + 1}
        aria-setsize={setSize}
        className="message-row search-row loading"
        style={{ top: `${common.top}px`, height: `${rowHeight}px` }}
      >
        <span className="placeholder">Loading…</span>
      </div>
    ) : (
      <ResultRow
        key={item.id}
        {...common}
        item={item}
        terms={terms}
        now={now}
        selected={index === selectedIndex}
        open={item.id === openMessageId}
        onClick={() => {
          setSelection({ index, messageId: item.id });
          onOpen(item.id, terms);
        }}
      />
    );
  });
  const activeVisible = selectedIndex >= visible.start && selectedIndex < Math.min(visible.end, total);
  const note = server === null ? null : serverNote(server);
  const loading = pages.total === null && error === null;
  return (
    <div className="message-list-pane search-results">
      <div className="search-toolbar">
        <label>
          Sort by{' '}
          <select
            value={sort}
            onChange={(event) => {
              onSort(event.currentTarget.value === 'relevance' ? 'relevance' : 'date');
            }}
          >
            <option value="date">Date</option>
            <option value="relevance">Relevance</option>
          </select>
        </label>
        <button type="button" onClick={searchServer} disabled={serverBusy}>
          {serverBusy ? 'Searching on server…' : 'Search on server'}
        </button>
        <button type="button" onClick={save} disabled={error !== null}>
          Save search
        </button>
        {loading || error !== null ? null : <span className="search-count">{total === 1 && !pages.totalAtLeast ? '1 message' : `${total.toLocaleString()}${pages.totalAtLeast ? '+' : ''} messages`}</span>}
      </div>
      {error === null ? null : <ErrorAlert title="This search could not be run." message={error.message} action="Change the query and the results follow." />}
      {saveError === null ? null : <ErrorAlert title="The search was not saved." message={saveError} action="Try again." />}
      {note === null ? null : <p className="search-note">{note}</p>}
      <div
        ref={viewport}
        className="message-list search-list"
        role="listbox"
        aria-label="Messages"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-busy={loading}
        aria-activedescendant={activeVisible ? `${baseId}-row-${selectedIndex}` : undefined}
        onScroll={(event) => {
          // Drawn again only when the window's rows change, and at once, so the frame that
          // scrolled shows them (Chromium fires scroll once per frame).
          const position = scrolledTo(scroll, event.currentTarget.scrollTop);
          const next = windowAt(position.top, position.up, Number.MAX_SAFE_INTEGER);
          if (next.start === requested.start && next.end === requested.end) return;
          flushSync(() => {
            setScroll(position);
          });
        }}
      >
        <div role="presentation" className="message-list-spacer" style={{ height: `${visible.totalHeight}px` }}>
          {rows}
        </div>
      </div>
      {pages.total === 0 && error === null ? <p className="empty-note">No messages match{serverBusy ? ' here; searching the server…' : '.'}</p> : null}
    </div>
  );
}

type ResultRowProps = {
  readonly id: string;
  readonly index: number;
  readonly total: number;
  readonly top: number;
  readonly item: SearchResultItem;
  readonly terms: readonly string[];
  readonly now: number;
  readonly selected: boolean;
  readonly open: boolean;
  readonly onClick: () => void;
};

function ResultRow({ id, index, total, top, item, terms, now, selected, open, onClick }: ResultRowProps) {
  const sender = item.from === null ? '(no sender)' : item.from.name.trim() || item.from.address;
  const subject = item.subject.trim().length > 0 ? item.subject : '(no subject)';
  const dateText = formatListDate(item.date, now);
  const fromServer = item.origin === 'server';
  const label = [item.flags.seen ? null : 'unread', sender, subject, dateText, fromServer ? 'found on the server' : null]
    .filter((part): part is string => part !== null && part.length > 0)
    .join(', ');
  const classes = ['message-row', 'search-row', item.flags.seen ? '' : 'unread', selected ? 'selected' : '', open ? 'open' : ''].filter(Boolean).join(' ');
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-label={label}
      className={classes}
      style={{ top: `${top}px`, height: `${rowHeight}px` }}
      onClick={onClick}
    >
      <span className="unread-dot" aria-hidden="true" />
      <span className="sender">
        <HighlightedText text={sender} terms={terms} />
      </span>
      <span className="date">{dateText}</span>
      <span className="subject">
        <HighlightedText text={subject} terms={terms} />
      </span>
      <span className="marks" aria-hidden="true">
        {fromServer ? (
          <span className="origin-mark" title="Found on the server">
            ☁
          </span>
        ) : null}
      </span>
    </div>
  );
}
