import { useEffect, useState } from 'react';
import type { Account, Folder } from '../../../shared/domain.ts';
import type { LocalArchivePolicy } from '../../../shared/local/local-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useLocalFolders } from '../../ui/use-local-folders.ts';

// The account option "Move mail older than N days from <server folder> into <local folder>"
// (issue 6.5): off by default; when on, it runs after each sync of the account, each message
// verified here before the server's copy is removed (electron/local/folder-save-jobs.ts).
export function LocalArchiveForm({ account }: { readonly account: Account }) {
  const api = useApi();
  const { folders: localFolders } = useLocalFolders();
  const [policy, setPolicy] = useState<LocalArchivePolicy | null>(null);
  const [serverFolders, setServerFolders] = useState<readonly Folder[]>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void Promise.all([
      api.invoke('getLocalArchivePolicy', { accountId: account.id }),
      api.invoke('listFolders', { accountId: account.id }),
    ]).then(([loaded, listed]) => {
      if (!active) return;
      if (loaded.ok) setPolicy(loaded.value);
      else setError(loaded.error.message);
      if (listed.ok) setServerFolders(listed.value.filter((folder) => folder.selectable));
    });
    return () => {
      active = false;
    };
  }, [api, account.id]);

  async function submit() {
    if (policy === null) return;
    setSaved(false);
    const chosen = policy.targetFolderId ?? localFolders[0]?.id ?? null;
    const next = { ...policy, targetFolderId: chosen };
    const result = await api.invoke('setLocalArchivePolicy', next);
    if (result.ok) {
      setPolicy(next);
      setSaved(true);
      setError(null);
    } else setError(result.error.message);
  }

  if (policy === null)
    return error === null ? null : (
      <ErrorAlert title="This option could not be read." message={error} action="Close settings and try again." />
    );
  const id = `local-archive-${account.id}`;
  return (
    <form
      className="settings-form"
      aria-label={`Move old mail to Local Folders for ${account.email}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{account.email}: move old mail to this computer</h3>
      <label>
        <input
          type="checkbox"
          checked={policy.enabled}
          onChange={(event) => {
            setPolicy({ ...policy, enabled: event.target.checked });
          }}
        />
        Move mail older than
      </label>
      <label htmlFor={`${id}-days`}>Days</label>
      <input
        id={`${id}-days`}
        type="number"
        min={1}
        max={36500}
        value={policy.olderThanDays}
        onChange={(event) => {
          setPolicy({ ...policy, olderThanDays: Math.max(1, Math.floor(Number(event.target.value) || 1)) });
        }}
      />
      <label htmlFor={`${id}-from`}>From server folder</label>
      <select
        id={`${id}-from`}
        value={policy.sourceFolderPath}
        onChange={(event) => {
          setPolicy({ ...policy, sourceFolderPath: event.target.value });
        }}
      >
        {serverFolders.some((folder) => folder.path === policy.sourceFolderPath) ? null : (
          <option value={policy.sourceFolderPath}>{policy.sourceFolderPath}</option>
        )}
        {serverFolders.map((folder) => (
          <option key={folder.id} value={folder.path}>
            {folder.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-to`}>Into local folder</label>
      <select
        id={`${id}-to`}
        value={policy.targetFolderId ?? localFolders[0]?.id ?? ''}
        onChange={(event) => {
          setPolicy({ ...policy, targetFolderId: event.target.value });
        }}
      >
        {localFolders.map((folder) => (
          <option key={folder.id} value={folder.id}>
            Local Folders › {folder.name}
          </option>
        ))}
      </select>
      <button type="submit">Save</button>
      {saved ? (
        <p role="status" className="hint">
          {policy.enabled ? 'Old mail moves to this computer after each sync.' : 'Old mail stays on the server.'}
        </p>
      ) : null}
      {error === null ? null : (
        <ErrorAlert
          title="This option could not be saved."
          message={error}
          action="Choose a folder under Local Folders and a number of days."
        />
      )}
    </form>
  );
}
