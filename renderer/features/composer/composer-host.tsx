import { useEffect, useState } from 'react';
import type { ComposeFields } from '../../../shared/compose/compose-types.ts';
import type { Account } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { MailtoRequest } from '../../../shared/mailto-request.ts';
import { useApi } from '../../api/api-context.tsx';
import { onComposeRequest, type ComposeRequest } from '../../ui/compose-requests.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { Composer } from './composer.tsx';

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
  const [opening, setOpening] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const from = senders(accounts);

  async function open(request: ComposeRequest) {
    setError(null);
    setNotice('');
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
    const result = await api.invoke('prepareReply', { messageId: request.messageId, mode: request.mode });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setStart(result.value);
    setOpening((count) => count + 1);
  }

  useEffect(() => onComposeRequest((request) => void open(request)));
  useApiEvent('composeRequested', (prefill) => void open({ kind: 'new', prefill }));

  return (
    <>
      {error === null ? null : <ErrorAlert title="The composer could not open." message={error.message} />}
      {notice === '' ? null : (
        <p role="status" className="composer-notice">
          {notice}
        </p>
      )}
      {start === null ? null : (
        <Composer
          key={opening}
          accounts={from.some((account) => account.id === start.accountId) ? from : [...from, ...accounts.filter((account) => account.id === start.accountId)]}
          start={start}
          onClose={() => { setStart(null); }}
          onDone={(message) => {
            setStart(null);
            setNotice(message);
          }}
        />
      )}
    </>
  );
}
