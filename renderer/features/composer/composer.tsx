import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ComposeAttachment, ComposeFields, SendOutcome } from '../../../shared/compose/compose-types.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/compose/compose-schemas.ts';
import type { Account } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { UntrustedCertificatePrompt } from '../../ui/untrusted-certificate-prompt.tsx';
import type { UntrustedCertificate } from '../../../shared/setup/setup-types.ts';
import { formatSize } from '../../ui/format-size.ts';
import { AddressField } from './address-field.tsx';
import { readAttachment } from './read-attachment.ts';
import { richHtmlToText, textToRichHtml } from '../../../shared/compose/rich-text.ts';
import { RichTextEditor } from './rich-text-editor.tsx';
import { joinRecipients, splitRecipients } from './recipients.ts';

// Drafts are saved this often while the text changes, and when the composer closes.
const AUTOSAVE_MS = 4000;

type ComposerProps = {
  readonly accounts: readonly Account[];
  readonly start: ComposeFields;
  // The draft this continues: saving replaces it (a reopened draft, or a message taken back).
  readonly draftId?: string | null;
  readonly onClose: () => void;
  // A sentence for the window after sending or queuing ("Sent.", "Waiting in the outbox").
  readonly onDone: (notice: string, outcome?: SendOutcome) => void;
};

function base64Size(file: ComposeAttachment): number {
  return Math.floor((file.base64.length * 3) / 4);
}

export function Composer({ accounts, start, draftId: startDraftId = null, onClose, onDone }: ComposerProps) {
  const api = useApi();
  const [accountId, setAccountId] = useState(start.accountId);
  const [to, setTo] = useState(joinRecipients(start.to));
  const [cc, setCc] = useState(joinRecipients(start.cc));
  const [bcc, setBcc] = useState(joinRecipients(start.bcc));
  const [showBcc, setShowBcc] = useState(start.bcc.length > 0);
  const [subject, setSubject] = useState(start.subject);
  const [body, setBody] = useState(start.body);
  // Rich text (bold, italic, lists, links) or plain; a reply to HTML mail starts rich.
  const [format, setFormat] = useState<'plain' | 'rich'>(start.html === undefined ? 'plain' : 'rich');
  const [html, setHtml] = useState(start.html ?? '');
  // Bumped when the format changes, so the editor starts again from the converted text.
  const [editorKey, setEditorKey] = useState(0);
  const [attachments, setAttachments] = useState<readonly ComposeAttachment[]>(start.attachments);
  const [error, setError] = useState<AppError | null>(null);
  const [sending, setSending] = useState(false);
  // The outgoing server's certificate the send was stopped for; trusting it sends again.
  const [certificate, setCertificate] = useState<UntrustedCertificate | null>(null);
  const [savedNote, setSavedNote] = useState('');
  const draftId = useRef<string | null>(startDraftId);
  const dirty = useRef(false);
  const saving = useRef<Promise<void> | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  function fields(): ComposeFields {
    return {
      accountId,
      to: splitRecipients(to),
      cc: splitRecipients(cc),
      bcc: splitRecipients(bcc),
      subject: subject.replace(/[\r\n]+/g, ' '),
      ...(format === 'rich' ? { body: richHtmlToText(html), html } : { body }),
      attachments,
      relation: start.relation,
      inReplyTo: start.inReplyTo,
      references: start.references,
    };
  }

  function changed<T>(set: (value: T) => void): (value: T) => void {
    return (value) => {
      dirty.current = true;
      set(value);
    };
  }

  async function saveDraft(): Promise<void> {
    if (!dirty.current) return;
    dirty.current = false;
    const result = await api.invoke('saveDraft', { message: fields(), draftId: draftId.current });
    if (result.ok) {
      draftId.current = result.value.draftId;
      setSavedNote(`Draft saved at ${new Date().toLocaleTimeString()}`);
    } else {
      dirty.current = true;
      setError(result.error);
    }
  }

  function saveNow(): Promise<void> {
    // One save at a time: a draft is never written twice over itself.
    const next = (saving.current ?? Promise.resolve()).then(saveDraft);
    saving.current = next;
    return next;
  }

  const autosave = useEffectEvent(() => {
    void saveNow();
  });
  useEffect(() => {
    const timer = setInterval(() => { autosave(); }, AUTOSAVE_MS);
    return () => { clearInterval(timer); };
  }, []);

  useEffect(() => {
    // A reply starts above the quote.
    const element = bodyRef.current;
    if (element === null || start.relation === null || format === 'rich') return;
    element.focus();
    element.setSelectionRange(0, 0);
    // The first format only: a later switch is the user's own doing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start.relation]);

  function switchFormat(next: 'plain' | 'rich') {
    if (next === format) return;
    dirty.current = true;
    // Plain text keeps the words of the rich text; lists and links are written out as text.
    if (next === 'rich') setHtml(textToRichHtml(body));
    else setBody(richHtmlToText(html));
    setFormat(next);
    setEditorKey((key) => key + 1);
  }

  async function close() {
    await saveNow();
    onClose();
  }

  async function discard() {
    dirty.current = false;
    await saving.current;
    if (draftId.current !== null) await api.invoke('discardDraft', { draftId: draftId.current });
    onClose();
  }

  async function send() {
    setSending(true);
    setError(null);
    await saving.current;
    const result = await api.invoke('sendMessage', { message: fields(), draftId: draftId.current });
    setSending(false);
    if (!result.ok) {
      setError(result.error);
      if (result.error.certificate !== undefined) setCertificate(result.error.certificate);
      return;
    }
    dirty.current = false;
    onDone(result.value.message, result.value);
  }

  async function attach(files: FileList | null) {
    if (files === null) return;
    const added: ComposeAttachment[] = [];
    for (const file of Array.from(files)) added.push(await readAttachment(file));
    const next = [...attachments, ...added];
    const total = next.reduce((sum, file) => sum + base64Size(file), 0);
    if (total > MAX_ATTACHMENT_BYTES) {
      setError({ code: 'invalid-argument', message: `Attachments may add up to ${formatSize(MAX_ATTACHMENT_BYTES)}; these come to ${formatSize(total)}.` });
      return;
    }
    dirty.current = true;
    setAttachments(next);
  }

  const title = subject.trim() === '' ? 'New message' : subject;
  return (
    <section role="dialog" aria-label={title} className="composer">
      <div className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="quiet" onClick={() => void close()}>
          Close
        </button>
      </div>
      <form
        className="composer-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="composer-field">
          <label htmlFor="composer-from">From</label>
          <select id="composer-from" value={accountId} onChange={(event) => { changed(setAccountId)(event.target.value); }}>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name === '' ? account.email : `${account.name} <${account.email}>`}
              </option>
            ))}
          </select>
        </div>
        <AddressField label="To" value={to} onChange={changed(setTo)} />
        <AddressField label="Cc" value={cc} onChange={changed(setCc)} />
        {showBcc ? (
          <AddressField label="Bcc" value={bcc} onChange={changed(setBcc)} />
        ) : (
          <button type="button" className="quiet" onClick={() => { setShowBcc(true); }}>
            Add Bcc
          </button>
        )}
        <div className="composer-field">
          <label htmlFor="composer-subject">Subject</label>
          <input id="composer-subject" type="text" value={subject} onChange={(event) => { changed(setSubject)(event.target.value); }} />
        </div>
        <div className="composer-field">
          <label htmlFor="composer-format">Format</label>
          <select id="composer-format" value={format} onChange={(event) => { switchFormat(event.target.value === 'rich' ? 'rich' : 'plain'); }}>
            <option value="plain">Plain text</option>
            <option value="rich">Rich text</option>
          </select>
        </div>
        <div className="composer-field">
          {format === 'rich' ? (
            <>
              <span className="composer-label" aria-hidden="true">Body</span>
              <RichTextEditor key={editorKey} initialHtml={html} onChange={changed(setHtml)} focusAtStart={start.relation !== null && editorKey === 0} />
            </>
          ) : (
            <>
              <label htmlFor="composer-body">Body</label>
              <textarea id="composer-body" ref={bodyRef} rows={14} value={body} onChange={(event) => { changed(setBody)(event.target.value); }} />
            </>
          )}
        </div>
        <div className="composer-field">
          <label htmlFor="composer-files">Attach files</label>
          <input id="composer-files" type="file" multiple onChange={(event) => void attach(event.target.files)} />
        </div>
        {attachments.length > 0 ? (
          <ul aria-label="Attachments" className="composer-attachments">
            {attachments.map((file, index) => (
              <li key={`${file.fileName}-${String(index)}`}>
                {file.fileName} ({formatSize(base64Size(file))}){' '}
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Remove ${file.fileName}`}
                  onClick={() => {
                    dirty.current = true;
                    setAttachments(attachments.filter((_, position) => position !== index));
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {error === null ? null : <ErrorAlert title="The message was not sent." message={error.message} />}
        {certificate === null ? null : (
          <UntrustedCertificatePrompt
            certificate={certificate}
            onClose={() => { setCertificate(null); }}
            onTrusted={() => {
              setCertificate(null);
              void send();
            }}
          />
        )}
        <div className="composer-actions">
          <button type="submit" disabled={sending}>
            {sending ? 'Sending…' : 'Send'}
          </button>
          <button type="button" className="quiet" onClick={() => void discard()}>
            Discard
          </button>
          <span className="composer-note" aria-live="polite">
            {savedNote}
          </span>
        </div>
      </form>
    </section>
  );
}
