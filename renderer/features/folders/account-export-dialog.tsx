import { useId, useState, type SubmitEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

// "Export account…" and "Import account export…" (electron/local/account-export.ts). An
// export is a directory tree, too big to cross as a download, so the user types the
// directory's full path; main checks it (new or empty for an export, a MANIFEST for an import).
export function AccountExportDialog({
  mode,
  accountId,
  accountName,
  onClose,
}: {
  readonly mode: 'export' | 'import';
  readonly accountId: string;
  readonly accountName: string;
  readonly onClose: () => void;
}) {
  const api = useApi();
  const id = useId();
  const [directory, setDirectory] = useState('');
  const [folderName, setFolderName] = useState('Imported mail');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const title = mode === 'export' ? `Export ${accountName}` : 'Import an account export';

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    if (mode === 'export') {
      const result = await api.invoke('exportAccount', { accountId, directory });
      if (!result.ok) setError(result.error);
      else {
        const { messages, folders, missing } = result.value;
        setDone(
          `Exported ${messages} messages in ${folders} folders to ${result.value.directory}, with a MANIFEST of their checksums.` +
            (missing.length === 0 ? '' : ` ${missing.length} could not be exported (not downloaded, and the server could not be reached): ${missing.slice(0, 5).join('; ')}`),
        );
      }
    } else {
      const result = await api.invoke('importAccountExport', { directory, folderName });
      if (!result.ok) setError(result.error);
      else {
        const { imported, folders, missingInExport } = result.value;
        setDone(
          `Every checksum matched. Imported ${imported} messages in ${folders} folders into "${folderName.trim()}".` +
            (missingInExport === 0 ? '' : ` The export itself lists ${missingInExport} messages it could not include.`),
        );
      }
    }
    setBusy(false);
  }

  return (
    <form role="dialog" aria-label={title} className="folder-dialog" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-directory`}>{mode === 'export' ? 'Export to directory (full path, new or empty)' : 'Export directory (full path)'}</label>
      <input
        id={`${id}-directory`}
        value={directory}
        autoFocus
        placeholder="/home/me/mail-export"
        onChange={(event) => { setDirectory(event.target.value); }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      />
      {mode === 'import' ? (
        <>
          <label htmlFor={`${id}-folder`}>New folder under Local Folders</label>
          <input id={`${id}-folder`} value={folderName} onChange={(event) => { setFolderName(event.target.value); }} />
        </>
      ) : null}
      <button type="submit" disabled={busy || directory.trim() === ''}>
        {mode === 'export' ? 'Export' : 'Verify and import'}
      </button>
      <button type="button" onClick={onClose}>
        {done === null ? 'Cancel' : 'Close'}
      </button>
      {busy ? <div role="status">{mode === 'export' ? 'Exporting…' : 'Verifying checksums…'}</div> : null}
      {done === null ? null : <div role="status">{done}</div>}
      {error === null ? null : (
        <ErrorAlert
          title={mode === 'export' ? 'The account could not be exported.' : 'The export was not imported.'}
          message={error.message}
          action={mode === 'export' ? 'Choose a new or empty directory you can write to.' : 'Check the directory, or export the account again.'}
        />
      )}
    </form>
  );
}
