import { useState, type KeyboardEvent } from 'react';
import type { SearchResultItem, SearchSort } from '../../../shared/search/search-types.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { formatListDate } from '../../ui/format-date.ts';
import { HighlightedText } from '../../ui/highlighted-text.tsx';
import { useApi } from '../../api/api-context.tsx';
import { serverNote } from './server-note.ts';
import { resultLimit, useSearch } from './use-search.ts';

type SearchResultsProps = {
  readonly query: string;
  readonly sort: SearchSort;
  readonly onSort: (sort: SearchSort) => void;
  readonly openMessageId: string | null;
  readonly onOpen: (messageId: string, terms: readonly string[]) => void;
};

// Search results in the message list's place: same rows, matched words marked.
export function SearchResults({ query, sort, onSort, openMessageId, onOpen }: SearchResultsProps) {
  const api = useApi();
  const { page, error, server, serverBusy, searchServer } = useSearch(query, sort);
  const [selected, setSelected] = useState(0);
  const [now] = useState(() => Date.now());
  const [saveError, setSaveError] = useState<string | null>(null);
  const items = page?.items ?? [];
  const terms = page?.terms ?? [];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setSelected((index) => Math.max(0, Math.min(items.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter') {
      const item = items[selected];
      if (item !== undefined) onOpen(item.id, terms);
    }
  }

  function save() {
    void api.invoke('saveSearch', { name: query, query, sort }).then((result) => {
      setSaveError(result.ok ? null : result.error.message);
    });
  }

  const note = server === null ? null : serverNote(server);
  return (
    <div className="message-list-pane search-results">
      <div className="search-toolbar">
        <label>
          Sort by{' '}
          <select value={sort} onChange={(event) => { onSort(event.currentTarget.value === 'relevance' ? 'relevance' : 'date'); }}>
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
      </div>
      {error === null ? null : <ErrorAlert title="This search could not be run." message={error.message} action="Change the query and the results follow." />}
      {saveError === null ? null : <ErrorAlert title="The search was not saved." message={saveError} action="Try again." />}
      {note === null ? null : <p className="search-note">{note}</p>}
      <div className="message-list search-list" role="listbox" aria-label="Messages" tabIndex={0} onKeyDown={onKeyDown} aria-busy={page === null && error === null}>
        {items.map((item, index) => (
          <ResultRow
            key={item.id}
            item={item}
            terms={terms}
            now={now}
            selected={index === selected}
            open={item.id === openMessageId}
            onClick={() => {
              setSelected(index);
              onOpen(item.id, terms);
            }}
          />
        ))}
      </div>
      {page !== null && page.total === 0 ? <p className="empty-note">No messages match{serverBusy ? ' here; searching the server…' : '.'}</p> : null}
      {page !== null && page.total > resultLimit ? (
        <p className="empty-note">
          Showing the first {resultLimit} of {page.total}. Add words to narrow the search.
        </p>
      ) : null}
    </div>
  );
}

type ResultRowProps = {
  readonly item: SearchResultItem;
  readonly terms: readonly string[];
  readonly now: number;
  readonly selected: boolean;
  readonly open: boolean;
  readonly onClick: () => void;
};

function ResultRow({ item, terms, now, selected, open, onClick }: ResultRowProps) {
  const sender = item.from === null ? '(no sender)' : item.from.name.trim() || item.from.address;
  const subject = item.subject.trim().length > 0 ? item.subject : '(no subject)';
  const dateText = formatListDate(item.date, now);
  const fromServer = item.origin === 'server';
  const label = [item.flags.seen ? null : 'unread', sender, subject, dateText, fromServer ? 'found on the server' : null]
    .filter((part): part is string => part !== null && part.length > 0)
    .join(', ');
  const classes = ['message-row', 'search-row', item.flags.seen ? '' : 'unread', selected ? 'selected' : '', open ? 'open' : ''].filter(Boolean).join(' ');
  return (
    <div role="option" aria-selected={selected} aria-label={label} className={classes} onClick={onClick}>
      <span className="unread-dot" aria-hidden="true" />
      <span className="sender">
        <HighlightedText text={sender} terms={terms} />
      </span>
      <span className="date">{dateText}</span>
      <span className="subject">
        <HighlightedText text={subject} terms={terms} />
      </span>
      <span className="marks" aria-hidden="true">
        {fromServer ? <span className="origin-mark" title="Found on the server">☁</span> : null}
      </span>
    </div>
  );
}
