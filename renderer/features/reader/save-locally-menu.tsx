import { useState } from 'react';
import type { Message } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { SaveLocallyMode } from '../../../shared/local/local-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { ExportOutcomeStatus } from '../../ui/export-outcome-status.tsx';
import { useExportOutcome } from '../../ui/use-export-outcome.ts';
import { useLocalFolders } from '../../ui/use-local-folders.ts';

type Props = {
  readonly message: Message;
  // A move took the message out of its server folder: the reader closes.
  readonly onGone: () => void;
};

// "Save locally" (a copy in Local Folders) and "Move to local" (the copy is written, checked
// byte for byte, then the server's is removed), each with a menu of local folders; and
// "Save as .eml" for any message.
export function SaveLocallyMenu({ message, onGone }: Props) {
  const api = useApi();
  const { accounts, folders } = useLocalFolders();
  const [open, setOpen] = useState<SaveLocallyMode | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const exported = useExportOutcome();
  const onServer = accounts.find((account) => account.id === message.accountId)?.kind === 'imap';

  async function save(mode: SaveLocallyMode, folderId: string, folderName: string) {
    setOpen(null);
    setBusy(true);
    exported.clear();
    setNote(mode === 'move' ? 'Moving to Local Folders…' : 'Saving in Local Folders…');
    const result = await api.invoke('saveLocally', { messageIds: [message.id], targetFolderId: folderId, mode });
    setBusy(false);
    if (!result.ok) {
      setNote(null);
      setError(result.error);
      return;
    }
    setError(null);
    const report = result.value;
    if (report.failures.length > 0) {
      setNote(null);
      setError({ code: 'storage', message: report.failures.join(' ') });
    } else if (mode === 'copy') {
      setNote(`Saved in Local Folders › ${folderName}. The server keeps its copy.`);
    } else if (report.waitingForServer > 0) {
      setNote(`Saved in Local Folders › ${folderName}; it leaves the server once the server can be reached.`);
    } else {
      onGone();
    }
  }

  async function saveAsEml() {
    const result = await api.invoke('beginExport', { messageId: message.id });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setNote(null);
    exported.show(result.value);
  }

  function menu(mode: SaveLocallyMode, label: string) {
    return (
      <span className="menu-anchor">
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={open === mode}
          disabled={busy || folders.length === 0}
          onClick={() => { setOpen(open === mode ? null : mode); }}
        >
          {label}
        </button>
        {open === mode ? (
          <ul role="menu" aria-label={mode === 'move' ? 'Move to local folder' : 'Save in local folder'} className="menu">
            {folders.map((folder) => (
              <li
                key={folder.id}
                role="menuitem"
                tabIndex={-1}
                onClick={() => void save(mode, folder.id, folder.name)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    event.currentTarget.click();
                  }
                  if (event.key === 'Escape') setOpen(null);
                }}
              >
                {folder.name}
              </li>
            ))}
          </ul>
        ) : null}
      </span>
    );
  }

  return (
    <div className="save-locally">
      <div role="toolbar" aria-label="Keep on this computer" className="message-toolbar">
        {onServer ? menu('copy', 'Save locally') : null}
        {onServer ? menu('move', 'Move to local') : null}
        <button type="button" onClick={() => void saveAsEml()}>
          Save as .eml
        </button>
      </div>
      {note === null ? null : (
        <p role="status" className="hint">
          {note}
        </p>
      )}
      <ExportOutcomeStatus view={exported.view} />
      {error === null ? null : <ErrorAlert title="The message could not be saved." message={error.message} action="Its server copy is untouched; try again." />}
    </div>
  );
}
