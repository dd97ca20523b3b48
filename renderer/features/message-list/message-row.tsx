import type { DragEvent, ReactNode } from 'react';
import type { MessageSummary } from '../../../shared/domain.ts';
import { formatListDate } from '../../ui/format-date.ts';
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
  readonly marks?: ReactNode;
  readonly onDragStart?: (event: DragEvent<HTMLDivElement>, message: MessageSummary) => void;
};

export type ClickModifiers = { readonly shiftKey: boolean; readonly ctrlKey: boolean; readonly metaKey: boolean };

export function MessageRow({ id, index, total, top, height, message, selected, open, now, onClick, marked = false, marks, onDragStart }: MessageRowProps) {
  const style = { top: `${top}px`, height: `${height}px` };
  if (message === null) {
    return (
      <div id={id} role="option" aria-selected={selected} aria-posinset={index + 1} aria-setsize={total} className="message-row loading" style={style}>
        <span className="placeholder">Loading…</span>
      </div>
    );
  }
  const unread = !message.flags.seen;
  const dateText = formatListDate(message.date, now);
  const classes = ['message-row', unread ? 'unread' : '', selected ? 'selected' : '', open ? 'open' : '', marked ? 'multi-selected' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected || marked}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-label={rowLabel(message, dateText)}
      className={classes}
      style={style}
      onClick={(event) => { onClick(index, message, event); }}
      draggable={onDragStart !== undefined}
      onDragStart={(event) => { onDragStart?.(event, message); }}
    >
      <span className="unread-dot" aria-hidden="true" />
      <span className="sender">{senderText(message)}</span>
      <span className="date">{dateText}</span>
      <span className="subject">{subjectText(message)}</span>
      <span className="marks" aria-hidden="true">
        {message.hasAttachments ? <PaperclipIcon /> : null}
        {message.flags.flagged ? <span className="flag-mark">★</span> : null}
      </span>
      {marks}
    </div>
  );
}

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
