import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { MessageSummary } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { listCommandFor, rangeIndexes, toggled, type ListCommand } from './list-shortcuts.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useStableHandler } from '../../ui/use-stable-handler.ts';
import { writeMessageDrag } from '../../ui/message-drag.ts';
import { indexOfMessage, rowAt } from './message-pages.ts';
import { MessageRow, type ClickModifiers } from './message-row.tsx';
import { useMessagePages } from './use-message-pages.ts';
import { computeVirtualWindow, nextListIndex, rowSlotCount, scrolledTo, scrollTopToReveal, type ScrollPosition } from './virtual-window.ts';
import { isConversationHead, threadKeyAction, threadOf, withThreadOpen } from './conversation-model.ts';
import { actionTarget, expandTargets, messagesByThread, selectionCountText, threadsOf, type ActionTarget } from './conversation-targets.ts';

const rowHeight = 56;
const overscan = 8;
// Rows kept on the side the list scrolls away from (virtual-window.ts): enough for a
// small turn back, while the rows ahead keep the full overscan.
const overscanBehind = 2;

type Selection = { readonly index: number; readonly messageId: string | null };

type MessageListProps = {
  readonly folderId: string;
  readonly openMessageId: string | null;
  readonly onOpen: (messageId: string) => void;
  // Messages deleted, archived or moved from here by a list command.
  readonly onRemoved?: (messageIds: readonly string[]) => void;
  // Shown at the end of a row (keyword chips).
  readonly renderMarks?: (message: MessageSummary) => ReactNode;
  // A key not handled here, over the selected rows (keys 1 to 9: keywords); true when taken.
  // messageIds: every message they stand for (a collapsed conversation's row: all of it).
  readonly onKey?: (key: string, messages: readonly MessageSummary[], messageIds: () => Promise<readonly string[]>) => boolean;
  // One row per conversation (listConversations); mount keyed by this too.
  readonly conversations?: boolean;
};

// One request carries at most this many ids (shared/schemas.ts).
const maxIdsPerRequest = 10_000;

// A conversation's head row is read when none of its messages is unread.
function isRead(row: MessageSummary): boolean {
  const thread = threadOf(row);
  return thread !== null && isConversationHead(row) ? thread.unreadCount === 0 : row.flags.seen;
}

export function MessageList({ folderId, openMessageId, onOpen, onRemoved, renderMarks, onKey, conversations = false }: MessageListProps) {
  const api = useApi();
  // The multiple selection, by row id; a collapsed conversation's row stands for all of it.
  const [marked, setMarked] = useState<ReadonlyMap<string, ActionTarget>>(new Map());
  const [anchor, setAnchor] = useState(-1);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const baseId = useId();
  const viewport = useRef<HTMLDivElement>(null);
  // The scroll position the rows were drawn for, and whether the list last scrolled up.
  const [scroll, setScroll] = useState<ScrollPosition>({ top: 0, up: false });
  const [viewportHeight, setViewportHeight] = useState(0);
  const [selection, setSelection] = useState<Selection>({ index: -1, messageId: null });
  const [now] = useState(() => Date.now());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => { setViewportHeight(element.clientHeight); });
    observer.observe(element);
    return () => { observer.disconnect(); };
  }, []);

  const windowAt = (scrollTop: number, scrollingUp: boolean, rowCount: number) =>
    computeVirtualWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan, overscanBehind, scrollingUp });
  // The rows the viewport asks for, before the total is known; clamped once it is.
  const requested = windowAt(scroll.top, scroll.up, Number.MAX_SAFE_INTEGER);
  const { pages, error, flushAnswered } = useMessagePages(folderId, requested.start, requested.end, { conversations, expanded: [...expanded] });
  const total = pages.total ?? 0;
  const visible = windowAt(scroll.top, scroll.up, total);

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

  // The multiple selection when there is one, else the focused message.
  function targets(): readonly MessageSummary[] {
    if (marked.size > 0) {
      const found: MessageSummary[] = [];
      for (let index = 0; index < total; index += 1) {
        const message = rowAt(pages, index);
        if (message !== null && marked.has(message.id)) found.push(message);
      }
      return found;
    }
    const current = rowAt(pages, selectedIndex);
    return current === null ? [] : [current];
  }

  // Every row, as the list shows them (conversations: their head rows, and the open ones' messages).
  async function allTargets(): Promise<ReadonlyMap<string, ActionTarget>> {
    const all = new Map<string, ActionTarget>();
    for (let offset = 0; offset < Math.min(total, maxIdsPerRequest); offset += 1000) {
      const result = conversations
        ? await api.invoke('listConversations', { folderId, offset, limit: 1000, expanded: [...expanded] })
        : await api.invoke('listMessages', { folderId, offset, limit: 1000 });
      if (!result.ok) {
        setActionError(result.error);
        break;
      }
      for (const item of result.value.items) all.set(item.id, actionTarget(item, expanded));
    }
    return all;
  }

  // The ids of every message the chosen rows stand for; null when main could not say.
  async function messageIdsOf(chosen: readonly MessageSummary[]): Promise<readonly string[] | null> {
    const chosenTargets = marked.size > 0 ? [...marked.values()] : chosen.map((row) => actionTarget(row, expanded));
    const threads = threadsOf(chosenTargets).slice(0, maxIdsPerRequest);
    if (threads.length === 0) return expandTargets(chosenTargets, new Map(), maxIdsPerRequest);
    const result = await api.invoke('listConversationMessageIds', { folderId, threadIds: threads });
    if (!result.ok) {
      setActionError(result.error);
      return null;
    }
    return expandTargets(chosenTargets, messagesByThread(result.value), maxIdsPerRequest);
  }

  async function runCommand(command: ListCommand) {
    const chosen = targets();
    if (marked.size === 0 && chosen.length === 0) return;
    const found = await messageIdsOf(chosen);
    if (found === null || found.length === 0) return;
    const messageIds = [...found];
    const removes = command === 'archive' || command === 'delete';
    const result =
      command === 'archive'
        ? await api.invoke('archiveMessages', { messageIds })
        : command === 'delete'
          ? await api.invoke('deleteMessages', { messageIds })
          : command === 'toggle-flag'
            ? await api.invoke('setFlags', { messageIds, flagged: !chosen.every((message) => message.flags.flagged) })
            : await api.invoke('setFlags', { messageIds, seen: !chosen.every(isRead) });
    if (!result.ok) {
      setActionError(result.error);
      return;
    }
    setActionError(null);
    if (removes) {
      setMarked(new Map());
      onRemoved?.(messageIds);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void allTargets().then(setMarked);
      return;
    }
    const chosen = targets();
    if (!(event.ctrlKey || event.metaKey || event.altKey) && onKey?.(event.key, chosen, () => messageIdsOf(chosen).then((ids) => ids ?? [])) === true) {
      event.preventDefault();
      return;
    }
    const command = event.ctrlKey || event.metaKey || event.altKey ? null : listCommandFor(event.key);
    if (command !== null) {
      event.preventDefault();
      void runCommand(command);
      return;
    }
    if (event.key === 'Escape' && marked.size > 0) {
      setMarked(new Map());
      return;
    }
    if (event.key === 'Enter') {
      const message = rowAt(pages, selectedIndex);
      if (message !== null) {
        event.preventDefault();
        onOpen(message.id);
      }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const threadAction = conversations ? threadKeyAction(event.key, selectedIndex, (index) => rowAt(pages, index), expanded) : { kind: 'none' as const };
    if (threadAction.kind !== 'none') {
      event.preventDefault();
      setExpanded((current) => withThreadOpen(current, threadAction.threadId, threadAction.kind === 'expand'));
      if (threadAction.kind === 'collapse') select(threadAction.headIndex);
      return;
    }
    const pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const next = nextListIndex(event.key, selectedIndex, total, pageRows);
    if (next === null) return;
    event.preventDefault();
    select(next);
  }

  function onRowClick(index: number, message: MessageSummary | null, modifiers: ClickModifiers) {
    if (modifiers.shiftKey) {
      const range = new Map<string, ActionTarget>();
      for (const at of rangeIndexes(anchor < 0 ? selectedIndex : anchor, index)) {
        const row = rowAt(pages, at);
        if (row !== null) range.set(row.id, actionTarget(row, expanded));
      }
      setMarked(range);
      setSelection({ index, messageId: message?.id ?? null });
      return;
    }
    if (modifiers.ctrlKey || modifiers.metaKey) {
      const current = rowAt(pages, selectedIndex);
      const base = marked.size === 0 && current !== null ? new Map([[current.id, actionTarget(current, expanded)]]) : marked;
      if (message !== null) setMarked(toggled(base, actionTarget(message, expanded)));
      setAnchor(index);
      setSelection({ index, messageId: message?.id ?? null });
      return;
    }
    setMarked(new Map());
    setAnchor(index);
    setSelection({ index, messageId: message?.id ?? null });
    if (message !== null) onOpen(message.id);
    // Clicking a closed conversation shows its messages too.
    const thread = threadOf(message);
    if (thread !== null && isConversationHead(message)) setExpanded((current) => withThreadOpen(current, thread.id, true));
  }

  const stableRowClick = useStableHandler(onRowClick);
  const toggleThread = useCallback((threadId: string, open: boolean) => { setExpanded((current) => withThreadOpen(current, threadId, open)); }, []);
  const dragStart = useStableHandler((event: DragEvent<HTMLDivElement>, dragged: MessageSummary) => {
    // A row of the multiple selection drags the whole selection.
    writeMessageDrag(event.dataTransfer, marked.has(dragged.id) ? [...marked.keys()] : [dragged.id], dragged.accountId);
  });

  // Chromium fires scroll once per frame; the list draws again only when the rows in the
  // window change, and at once (flushSync), so the frame that scrolled shows its rows,
  // with the pages answered since the last frame.
  function onScroll(event: { readonly currentTarget: HTMLDivElement }) {
    const position = scrolledTo(scroll, event.currentTarget.scrollTop);
    const next = windowAt(position.top, position.up, Number.MAX_SAFE_INTEGER);
    if (next.start === requested.start && next.end === requested.end) return;
    flushSync(() => {
      flushAnswered();
      setScroll(position);
    });
  }

  // Rows are keyed by their slot in the window, not by message: a row scrolled out is
  // reused for the one scrolled in, so the DOM is updated in place instead of rebuilt.
  const slots = rowSlotCount(viewportHeight, rowHeight, overscan);
  const rows = [];
  for (let index = visible.start; index < Math.min(visible.end, total); index += 1) {
    const message = rowAt(pages, index);
    rows.push(
      <MessageRow
        key={index % slots}
        id={`${baseId}-row-${index}`}
        index={index}
        total={total}
        top={index * rowHeight}
        height={rowHeight}
        message={message}
        selected={index === selectedIndex}
        marked={message !== null && marked.has(message.id)}
        open={message !== null && message.id === openMessageId}
        now={now}
        onClick={stableRowClick}
        renderMarks={renderMarks}
        thread={threadOf(message)}
        onToggleThread={toggleThread}
        onDragStart={dragStart}
      />,
    );
  }
  const activeVisible = selectedIndex >= visible.start && selectedIndex < Math.min(visible.end, total);

  return (
    <div className="message-list-pane">
      {error === null ? null : (
        <ErrorAlert title="Messages could not be loaded." message={error.message} action="Scroll or choose the folder again to retry." />
      )}
      {actionError === null ? null : (
        <ErrorAlert title="That change could not be made." message={actionError.message} action="Choose the messages again and retry." />
      )}
      {marked.size > 1 ? <p className="selection-count">{selectionCountText(marked.values())}</p> : null}
      <div
        ref={viewport}
        className="message-list"
        role="listbox"
        aria-label="Messages"
        aria-multiselectable="true"
        aria-busy={pages.total === null}
        aria-activedescendant={activeVisible ? `${baseId}-row-${selectedIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
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
