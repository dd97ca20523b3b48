import { useEffect, useState } from 'react';
import type { LocalMailChoice } from '../../../shared/accounts/remove-account.ts';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

function messagesText(count: number): string {
  return count === 1 ? '1 message' : `${count.toLocaleString()} messages`;
}

// Says what removing keeps and what it deletes before anything is done, and asks what
// becomes of the mail the account brought into Local Folders (saved locally, POP3 downloads).
export function RemoveAccountConfirmation({ account, onCancel, onRemoved }: { readonly account: Account; readonly onCancel: () => void; readonly onRemoved: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  // null until main answers; the choice is asked only when there is such mail.
  const [localCount, setLocalCount] = useState<number | null>(null);
  const [choice, setChoice] = useState<LocalMailChoice>('keep');
  useEffect(() => {
    let active = true;
    void api.invoke('getAccountLocalMail', { accountId: account.id }).then((result) => {
      if (active) setLocalCount(result.ok ? result.value.messages : 0);
    });
    return () => {
      active = false;
    };
  }, [api, account.id]);
  const titleId = `remove-${account.id}-title`;
  const textId = `remove-${account.id}-text`;
  const choiceName = `remove-${account.id}-local-mail`;
  return (
    <div role="alertdialog" aria-labelledby={titleId} aria-describedby={textId} className="remove-confirmation">
      <strong id={titleId}>{`Remove ${account.email}?`}</strong>
      <p id={textId}>
        {account.kind === 'pop3'
          ? 'Letterbox stops checking this account.'
          : 'The copy of its mail on this computer is deleted; the mail stays on the server.'}
      </p>
      {localCount !== null && localCount > 0 ? (
        <fieldset className="remove-local-mail">
          <legend>{account.kind === 'pop3' ? 'Mail it downloaded into Local Folders' : 'Mail you saved locally from it'}</legend>
          <label>
            <input type="radio" name={choiceName} checked={choice === 'keep'} onChange={() => { setChoice('keep'); }} />
            {`Keep the mail saved locally (${messagesText(localCount)}) in Local Folders`}
          </label>
          <label>
            <input type="radio" name={choiceName} checked={choice === 'delete'} onChange={() => { setChoice('delete'); }} />
            Delete it too
          </label>
        </fieldset>
      ) : null}
      <div className="settings-actions">
        <button
          type="button"
          className="danger"
          disabled={removing || localCount === null}
          onClick={() => {
            setRemoving(true);
            void api.invoke('removeAccount', { accountId: account.id, localMail: choice }).then((result) => {
              setRemoving(false);
              if (result.ok) onRemoved();
              else setError(result.error.message);
            });
          }}
        >
          Remove
        </button>
        <button type="button" autoFocus onClick={onCancel}>
          Keep account
        </button>
      </div>
      {error === null ? null : <ErrorAlert title="The account was not removed." message={error} />}
    </div>
  );
}
