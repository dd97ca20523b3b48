import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useLocalFolders } from '../../ui/use-local-folders.ts';

// Where a POP3 account delivers (issue 6.2): the Local Folders Inbox, or a local folder chosen here.
export function Pop3TargetForm({ account }: { readonly account: Account }) {
  const api = useApi();
  const { folders } = useLocalFolders();
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('getPop3Target', { accountId: account.id }).then((result) => {
      if (!active) return;
      if (result.ok) setTarget(result.value.folderId);
      else setError(result.error.message);
    });
    return () => {
      active = false;
    };
  }, [api, account.id]);

  async function choose(folderId: string | null) {
    setSaved(false);
    const result = await api.invoke('setPop3Target', { accountId: account.id, folderId });
    if (result.ok) {
      setTarget(folderId);
      setSaved(true);
      setError(null);
    } else setError(result.error.message);
  }

  const id = `pop3-target-${account.id}`;
  const inbox = folders.find((folder) => folder.role === 'inbox');
  return (
    <div className="settings-form">
      <h3>{account.email}</h3>
      <label htmlFor={id}>Deliver new mail to</label>
      <select
        id={id}
        value={target ?? inbox?.id ?? ''}
        disabled={target === undefined || folders.length === 0}
        onChange={(event) => void choose(event.target.value === inbox?.id ? null : event.target.value)}
      >
        {folders.map((folder) => (
          <option key={folder.id} value={folder.id}>
            Local Folders › {folder.name}
          </option>
        ))}
      </select>
      {saved ? <p role="status" className="hint">New mail from this account now goes there.</p> : null}
      {error === null ? null : <ErrorAlert title="The folder could not be chosen." message={error} action="Choose another folder under Local Folders." />}
    </div>
  );
}
