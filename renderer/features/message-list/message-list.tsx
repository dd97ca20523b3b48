import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageSummary } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { indexOfMessage, rowAt } from './message-pages.ts';
import { MessageRow } from './message-row.tsx';
import { useMessagePages } from './use-message-pages.ts';
import { computeVirtualWindow, nextListIndex, scrollTopToReveal } from './virtual-window.ts';

const rowHeight = 56;
const overscan = 8;

type Selection = { readonly index: number; readonly messageId: string | null };

type MessageListProps = {
  readonly folderId: string;
  readonly openMessageId: string | null;
  readonly onOpen: (messageId: string) => void;
};

export function MessageList({ folderId, openMessageId, onOpen }: MessageListProps) {
  const baseId = useId();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [selection, setSelection] = useState<Selection>({ index: -1, messageId: null });
  const [now] = useState(() => Date.now());

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => { setViewportHeight(element.clientHeight); });
    observer.observe(element);
    return () => { observer.disconnect(); };
  }, []);

  // The rows the viewport asks for, before the total is known; clamped once it is.
  const requested = computeVirtualWindow({ scrollTop, viewportHeight, rowHeight, rowCount: Number.MAX_SAFE_INTEGER, overscan });
  const { pages, error } = useMessagePages(folderId, requested.start, requested.end);
  const total = pages.total ?? 0;
  const visible = computeVirtualWindow({ scrollTop, viewportHeight, rowHeight, rowCount: total, overscan });

  // After a change the selected message may have moved; follow it by id.
  const movedTo = selection.messageId === null ? null : indexOfMessage(pages, selection.messageId);
  const selectedIndex = movedTo ?? selection.index;

  function select(index: number) {
    const element = viewport.current;
    const message = rowAt(pages, index);
    setSelection({ index, messageId: message?.id ?? null });
    if (element !== null) {
      const next = scrollTopToReveal(index, element.scrollTop, element.clientHeight, rowHeight);
      if (next !== element.scrollTop) element.scrollTop = next;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Enter') {
      const message = rowAt(pages, selectedIndex);
      if (message !== null) {
        event.preventDefault();
        onOpen(message.id);
      }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const next = nextListIndex(event.key, selectedIndex, total, pageRows);
    if (next === null) return;
    event.preventDefault();
    select(next);
  }

  function onRowClick(index: number, message: MessageSummary | null) {
    setSelection({ index, messageId: message?.id ?? null });
    if (message !== null) onOpen(message.id);
  }

  const rows = [];
  for (let index = visible.start; index < Math.min(visible.end, total); index += 1) {
    const message = rowAt(pages, index);
    rows.push(
      <MessageRow
        key={message?.id ?? `placeholder-${index}`}
        id={`${baseId}-row-${index}`}
        index={index}
        total={total}
        top={index * rowHeight}
        height={rowHeight}
        message={message}
        selected={index === selectedIndex}
        open={message !== null && message.id === openMessageId}
        now={now}
        onClick={onRowClick}
      />,
    );
  }
  const activeVisible = selectedIndex >= visible.start && selectedIndex < Math.min(visible.end, total);

  return (
    <div className="message-list-pane">
      {error === null ? null : (
        <ErrorAlert title="Messages could not be loaded." message={error.message} action="Scroll or choose the folder again to retry." />
      )}
      <div
        ref={viewport}
        className="message-list"
        role="listbox"
        aria-label="Messages"
        aria-busy={pages.total === null}
        aria-activedescendant={activeVisible ? `${baseId}-row-${selectedIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => { setScrollTop(event.currentTarget.scrollTop); }}
      >
        <div role="presentation" className="message-list-spacer" style={{ height: `${visible.totalHeight}px` }}>
          {rows}
        </div>
      </div>
      {pages.total === 0 ? <p className="empty-note">No messages in this folder.</p> : null}
      {pages.total === null && error === null ? <p className="empty-note">Loading messages…</p> : null}
    </div>
  );
}
