import { memo, type DragEvent, type ReactNode } from 'react';
import type { MessageSummary } from '../../../shared/domain.ts';
import type { ThreadInfo } from '../../../shared/threads/thread-types.ts';
import { formatListDate } from '../../ui/format-date.ts';
import { conversationRowLabel, participantsText } from './conversation-model.ts';
import { LocationMark } from './location-mark.tsx';
import { rowLabel, senderText, subjectText } from './row-label.ts';

type MessageRowProps = {
  readonly id: string;
  readonly index: number;
  readonly total: number;
  readonly top: number;
  readonly height: number;
  readonly message: MessageSummary | null;
  readonly selected: boolean;
  readonly open: boolean;
  readonly now: number;
  // Part of a multiple selection (shift or ctrl click, ctrl+a).
  readonly marked?: boolean;
  readonly onClick: (index: number, message: MessageSummary | null, modifiers: ClickModifiers) => void;
  // Shown at the end of the row (keyword chips). A function rather than its result, so a
  // row whose props are unchanged is not drawn again while the list scrolls (memo).
  readonly renderMarks?: ((message: MessageSummary) => ReactNode) | undefined;
  readonly onDragStart?: (event: DragEvent<HTMLDivElement>, message: MessageSummary) => void;
  // In the conversation view: the row's place in its conversation, and the open/close control.
  readonly thread?: ThreadInfo | null;
  readonly onToggleThread?: (threadId: string, open: boolean) => void;
};

export type ClickModifiers = { readonly shiftKey: boolean; readonly ctrlKey: boolean; readonly metaKey: boolean };

// Every prop is stable while its row's message is unchanged (message-list.tsx keeps the
// callbacks' identities), so scrolling draws only the rows that come into view.
export const MessageRow = memo(function MessageRow({ id, index, total, top, height, message, selected, open, now, onClick, marked = false, renderMarks, onDragStart, thread = null, onToggleThread }: MessageRowProps) {
  // A transform moves the row without laying out the list again.
  const style = { transform: `translateY(${top}px)`, height: `${height}px` };
  if (message === null) {
    return (
      <div id={id} role="option" aria-selected={selected} aria-posinset={index + 1} aria-setsize={total} className="message-row loading" style={style}>
        <span className="placeholder">Loading…</span>
      </div>
    );
  }
  const head = thread !== null && !thread.member && thread.size > 1 ? thread : null;
  const unread = head === null ? !message.flags.seen : head.unreadCount > 0;
  const dateText = formatListDate(message.date, now);
  const classes = [
    'message-row',
    unread ? 'unread' : '',
    selected ? 'selected' : '',
    open ? 'open' : '',
    marked ? 'multi-selected' : '',
    head === null ? '' : 'thread-head',
    thread?.member === true ? 'thread-member' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected || marked}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-label={thread === null ? rowLabel(message, dateText) : conversationRowLabel({ ...message, thread }, dateText)}
      className={classes}
      style={style}
      onClick={(event) => { onClick(index, message, event); }}
      draggable={onDragStart !== undefined}
      onDragStart={(event) => { onDragStart?.(event, message); }}
    >
      {head === null ? (
        <span className="unread-dot" aria-hidden="true" />
      ) : (
        // The keyboard opens and closes with Right and Left on the list; this is for the mouse.
        <span
          className="thread-twisty"
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            onToggleThread?.(head.id, !head.expanded);
          }}
        >
          {head.expanded ? '▾' : '▸'}
        </span>
      )}
      <span className="sender">
        {head === null ? senderText(message) : participantsText({ ...message, thread: head })}
        {head === null ? null : (
          <span className="thread-count" aria-hidden="true">
            {head.unreadCount > 0 ? `${head.unreadCount}/${head.size}` : head.size}
          </span>
        )}
      </span>
      <span className="date">{dateText}</span>
      <span className="subject">
        {subjectText(message)}
        {thread?.member === true && thread.folderName !== null ? (
          <span className="thread-folder" aria-hidden="true">
            {thread.folderName}
          </span>
        ) : null}
      </span>
      <span className="marks" aria-hidden="true">
        {message.hasAttachments ? <PaperclipIcon /> : null}
        {message.flags.flagged ? <span className="flag-mark">★</span> : null}
        {message.location === undefined ? null : <LocationMark location={message.location} />}
      </span>
      {renderMarks?.(message)}
    </div>
  );
});

// Drawn rather than an emoji, which not every system font has.
function PaperclipIcon() {
  return (
    <svg className="attachment-mark" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M10.5 4.5 5.6 9.4a1.4 1.4 0 0 0 2 2l5.3-5.3a2.8 2.8 0 0 0-4-4L3.5 7.5a4.2 4.2 0 0 0 6 6l4.2-4.2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}
