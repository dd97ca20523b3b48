import { useEffect, useState } from 'react';
import type { OutboxItem } from '../../../shared/compose/compose-types.ts';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { requestCompose } from '../../ui/compose-requests.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { UntrustedCertificatePrompt } from '../../ui/untrusted-certificate-prompt.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';

function stateText(item: OutboxItem): string {
  if (item.state === 'held') return 'may already have been sent';
  if (item.state === 'failed') return `not sent: ${item.lastError ?? 'refused'}`;
  if (item.state === 'sending') return 'sending';
  return item.lastError === null ? 'waiting' : `waiting (${item.lastError})`;
}

// "Outbox (2)": what waits to be sent, with Cancel for each and Retry for refused ones.
export function OutboxStatus() {
  const api = useApi();
  const [items, setItems] = useState<readonly OutboxItem[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // The refused entry whose certificate is being looked at; trusting it retries the send.
  const [checking, setChecking] = useState<OutboxItem | null>(null);

  const [version, setVersion] = useState(0);

  function refresh() {
    setVersion((value) => value + 1);
  }

  useEffect(() => {
    let active = true;
    void api.invoke('listOutbox', {}).then((result) => {
      if (active && result.ok) setItems(result.value);
    });
    return () => {
      active = false;
    };
  }, [api, version]);
  useApiEvent('outboxChanged', () => { refresh(); });

  async function act(channel: 'cancelOutbox' | 'retryOutbox', outboxId: string) {
    const result = await api.invoke(channel, { outboxId });
    setError(result.ok ? null : result.error);
    refresh();
  }

  // A held message: the user says whether it goes again or back to the drafts.
  async function resolve(outboxId: string, choice: 'sendAgain' | 'moveToDrafts') {
    const result = await api.invoke('resolveHeldOutbox', { outboxId, choice });
    setError(result.ok ? null : result.error);
    if (result.ok && result.value !== null) requestCompose({ kind: 'draft', draft: result.value });
    refresh();
  }

  if (items.length === 0) return null;
  return (
    <div className="outbox">
      <button type="button" className="quiet" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        {`Outbox (${String(items.length)})`}
      </button>
      {open ? (
        <ul aria-label="Outbox" className="outbox-list">
          {items.map((item) => (
            <li key={item.id}>
              <span>
                {item.subject === '' ? '(no subject)' : item.subject} — {stateText(item)}
              </span>
              {item.state === 'held' ? (
                <span role="group" aria-label={`"${item.subject}" may already have been sent`}>
                  <span className="hint"> This message may already have been sent.</span>
                  <button type="button" className="quiet" onClick={() => void resolve(item.id, 'sendAgain')}>
                    Send again
                  </button>
                  <button type="button" className="quiet" onClick={() => void resolve(item.id, 'moveToDrafts')}>
                    Move to drafts
                  </button>
                </span>
              ) : null}
              {item.state === 'failed' && item.certificate !== undefined ? (
                <button type="button" className="quiet" onClick={() => { setChecking(item); }}>
                  Check certificate
                </button>
              ) : null}
              {item.state === 'failed' ? (
                <button type="button" className="quiet" onClick={() => void act('retryOutbox', item.id)}>
                  Retry
                </button>
              ) : null}
              {item.state === 'sending' || item.state === 'held' ? null : (
                <button type="button" className="quiet" aria-label={`Cancel "${item.subject}"`} onClick={() => void act('cancelOutbox', item.id)}>
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {error === null ? null : <ErrorAlert title="The outbox could not do that." message={error.message} />}
      {checking?.certificate === undefined ? null : (
        <UntrustedCertificatePrompt
          certificate={checking.certificate}
          onClose={() => { setChecking(null); }}
          onTrusted={() => {
            setChecking(null);
            void act('retryOutbox', checking.id);
          }}
        />
      )}
    </div>
  );
}
