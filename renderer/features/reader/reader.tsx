import { useMemo, type ReactNode } from 'react';
import type { Message } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { formatAddress, formatAddressList } from '../../ui/format-address.ts';
import { formatFullDate } from '../../ui/format-date.ts';
import { HighlightedText } from '../../ui/highlighted-text.tsx';
import { locationText } from '../../ui/location-text.ts';
import { AttachmentList } from './attachment-list.tsx';
import { HtmlBody } from './html-body.tsx';
import { normalizeContentId, referencedContentIds } from './inline-images.ts';
import { MessageActionsToolbar } from './message-actions-toolbar.tsx';
import { SaveLocallyMenu } from './save-locally-menu.tsx';
import { useMessage } from './use-message.ts';

// Mount keyed by message id.
// highlight: the words of the search the message was opened from, marked in its text part.
// onClose: the open message was deleted, archived or moved away from here.
export function Reader({
  messageId,
  highlight = [],
  onClose,
  renderExtras,
}: {
  readonly messageId: string;
  readonly highlight?: readonly string[];
  readonly onClose?: () => void;
  // Shown under the actions (the Keywords menu and the message's keyword chips).
  readonly renderExtras?: (message: Message) => ReactNode;
}) {
  const state = useMessage(messageId);
  return (
    <section role="region" aria-label="Message" className="reader" aria-busy={state.kind === 'loading'}>
      {state.kind === 'loading' ? <p className="reader-note">Loading…</p> : null}
      {state.kind === 'failed' ? (
        <ErrorAlert
          title="This message could not be opened."
          message={state.error.message}
          action="Check your connection, then choose the message again."
        />
      ) : null}
      {state.kind === 'ready' ? <MessageActionsToolbar message={state.message} onGone={onClose ?? (() => undefined)} /> : null}
      {state.kind === 'ready' ? <SaveLocallyMenu message={state.message} onGone={onClose ?? (() => undefined)} /> : null}
      {state.kind === 'ready' && renderExtras !== undefined ? <div className="reader-extras">{renderExtras(state.message)}</div> : null}
      {state.kind === 'ready' ? <MessageView message={state.message} highlight={highlight} /> : null}
    </section>
  );
}

function MessageView({ message, highlight }: { readonly message: Message; readonly highlight: readonly string[] }) {
  // Inline images shown in the HTML are not listed again as attachments.
  const listed = useMemo(() => {
    const shown = new Set(message.bodyParts.flatMap((part) => (part.kind === 'html' ? referencedContentIds(part.html) : [])));
    return message.attachments.filter((part) => part.contentId === null || !shown.has(normalizeContentId(part.contentId)));
  }, [message]);
  return (
    <article className="message-view">
      <header className="message-header">
        <h2 className="message-subject">{message.subject.trim().length > 0 ? message.subject : '(no subject)'}</h2>
        <dl className="message-meta">
          <dt>From</dt>
          <dd>{message.from === null ? '(no sender)' : formatAddress(message.from)}</dd>
          <dt>To</dt>
          <dd>{message.to.length > 0 ? formatAddressList(message.to) : '(no recipients)'}</dd>
          {message.cc.length > 0 ? (
            <>
              <dt>Cc</dt>
              <dd>{formatAddressList(message.cc)}</dd>
            </>
          ) : null}
          <dt>Date</dt>
          <dd>{formatFullDate(message.date)}</dd>
          {message.location === undefined ? null : (
            <>
              <dt>Kept</dt>
              <dd className={`message-location location-${message.location}`}>{locationText(message.location)}</dd>
            </>
          )}
        </dl>
      </header>
      <AttachmentList messageId={message.id} attachments={listed} />
      {/* Main's bounds on hostile sizes (electron/mime/message-view.ts) say what is not shown as sent. */}
      {message.notice !== undefined ? (
        <p className="reader-note" role="note">
          {message.notice}
        </p>
      ) : null}
      {message.bodyParts.some((part) => part.kind === 'html') ? (
        <HtmlBody messageId={message.id} parts={message.bodyParts} attachments={message.attachments} />
      ) : message.bodyParts.length > 0 ? (
        <pre className="plain-body">
          <HighlightedText text={message.bodyParts.map((part) => (part.kind === 'text' ? part.text : '')).join('\n\n')} terms={highlight} />
        </pre>
      ) : (
        <p className="reader-note">This message has no text.</p>
      )}
    </article>
  );
}
