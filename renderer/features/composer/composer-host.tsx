import { useEffect, useRef, useState } from 'react';
import type { ComposeFields } from '../../../shared/compose/compose-types.ts';
import type { Account } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { MailtoRequest } from '../../../shared/mailto-request.ts';
import { useApi } from '../../api/api-context.tsx';
import { onComposeRequest, type ComposeRequest } from '../../ui/compose-requests.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { Composer } from './composer.tsx';
import { quotedTextFor } from './quoted-text.ts';

// Accounts that can send: those with an outgoing server, else any (the send then says why).
function senders(accounts: readonly Account[]): readonly Account[] {
  const withOutgoing = accounts.filter((account) => account.outgoing !== null);
  return withOutgoing.length > 0 ? withOutgoing : accounts.filter((account) => account.kind !== 'local');
}

function blank(accountId: string, prefill?: MailtoRequest): ComposeFields {
  return {
    accountId,
    to: prefill?.to ?? [],
    cc: prefill?.cc ?? [],
    bcc: prefill?.bcc ?? [],
    subject: prefill?.subject ?? '',
    body: prefill?.body ?? '',
    attachments: [],
    relation: null,
    inReplyTo: null,
    references: [],
  };
}

// Opens the composer for New message, Reply, Reply all, Forward and mailto: links.
export function ComposerHost({ accounts }: { readonly accounts: readonly Account[] }) {
  const api = useApi();
  const [start, setStart] = useState<ComposeFields | null>(null);
  // The draft the composer continues (a reopened draft, or a message taken back by Undo).
  const [startDraftId, setStartDraftId] = useState<string | null>(null);
  // Undo send: the message waiting out the delay, until it goes.
  const [undoable, setUndoable] = useState<string | null>(null);
  const undoUntil = useRef(0);
  const [opening, setOpening] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const from = senders(accounts);

  async function open(request: ComposeRequest) {
    // A stray key press never throws away a message being written.
    if (request.fromShortcut === true && start !== null) {
      document.querySelector<HTMLElement>('.composer input, .composer textarea')?.focus();
      return;
    }
    setError(null);
    setNotice('');
    setUndoable(null);
    setStartDraftId(null);
    if (request.kind === 'draft' || request.kind === 'openDraft') {
      const result = request.kind === 'draft' ? { ok: true as const, value: request.draft } : await api.invoke('openDraft', request.source);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setStart(result.value.fields);
      setStartDraftId(result.value.draftId);
      setOpening((count) => count + 1);
      return;
    }
    if (request.kind === 'new') {
      const account = from[0];
      if (account === undefined) {
        setError({ code: 'not-found', message: 'Add a mail account before writing a message.' });
        return;
      }
      setStart(blank(account.id, request.prefill));
      setOpening((count) => count + 1);
      return;
    }
    const quotedText = await quotedTextFor(api, request.messageId, request.mode);
    const result = await api.invoke('prepareReply', { messageId: request.messageId, mode: request.mode, ...(quotedText === undefined ? {} : { quotedText }) });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setStart(result.value);
    setOpening((count) => count + 1);
  }

  useEffect(() => onComposeRequest((request) => void open(request)));
  // The Undo button goes once the message has gone.
  useEffect(() => {
    if (undoable === null) return;
    const timer = setTimeout(() => { setUndoable(null); }, Math.max(0, undoUntil.current - Date.now()));
    return () => { clearTimeout(timer); };
  }, [undoable]);

  async function undo(outboxId: string) {
    setUndoable(null);
    const result = await api.invoke('undoSend', { outboxId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await open({ kind: 'draft', draft: result.value });
    setNotice('Not sent. The message is back in the composer.');
  }
  // The c key (features/shortcuts sends it as an event, so neither imports the other).
  useEffect(() => {
    function compose(): void {
      void open({ kind: 'new', fromShortcut: true });
    }
    window.addEventListener('letterbox:compose', compose);
    return () => { window.removeEventListener('letterbox:compose', compose); };
  });
  useApiEvent('composeRequested', (prefill) => void open({ kind: 'new', prefill }));

  return (
    <>
      {error === null ? null : <ErrorAlert title="The composer could not open." message={error.message} />}
      {notice === '' ? null : (
        <p role="status" className="composer-notice">
          {notice}
          {undoable === null ? null : (
            <>
              {' '}
              <button type="button" className="quiet" onClick={() => void undo(undoable)}>
                Undo
              </button>
            </>
          )}
        </p>
      )}
      {start === null ? null : (
        <Composer
          key={opening}
          accounts={from.some((account) => account.id === start.accountId) ? from : [...from, ...accounts.filter((account) => account.id === start.accountId)]}
          start={start}
          draftId={startDraftId}
          onClose={() => { setStart(null); }}
          onDone={(message, outcome) => {
            setStart(null);
            setNotice(message);
            if (outcome?.status === 'scheduled' && outcome.outboxId !== undefined) {
              undoUntil.current = outcome.sendAt ?? Date.now();
              setUndoable(outcome.outboxId);
            }
          }}
        />
      )}
    </>
  );
}
