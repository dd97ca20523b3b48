import { useState } from 'react';
import type { Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { localDeletionQuestion, localFolderDeletion, subtreeOf } from '../../../shared/folders/local-folder-changes.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

type LocalFolderDeletionDialogProps = {
  readonly folder: Folder;
  // Every folder of Local Folders, to count what goes with it.
  readonly folders: readonly Folder[];
  // 'empty': the folder is Local Folders' Trash, and what it holds is deleted for good.
  readonly mode: 'delete' | 'empty';
  readonly onClose: () => void;
};

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString('en')} ${many}`;
}

// Asks before a local folder is deleted: its messages (and its subfolders') go to Trash, or,
// inside Trash or when emptying it, are deleted for good. Main refuses the request without
// the flags that say the user was asked (electron/local/local-folder-changes.ts).
export function LocalFolderDeletionDialog({ folder, folders, mode, onClose }: LocalFolderDeletionDialogProps) {
  const api = useApi();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const deletion = localFolderDeletion(folder, folders);
  const inside = subtreeOf(folder, folders);
  const title = mode === 'empty' ? 'Empty Trash' : `Delete folder ${folder.name}`;
  let question: string;
  if (mode === 'empty') {
    const messages = inside.reduce((sum, candidate) => sum + candidate.totalCount, 0);
    const subfolders = inside.length - 1;
    question = `Delete everything in Trash for good? ${count(messages, 'message', 'messages')}${subfolders > 0 ? ` and ${count(subfolders, 'folder', 'folders')}` : ''} will be deleted permanently; this cannot be undone.`;
  } else if (deletion.kind === 'refused') {
    question = deletion.reason;
  } else {
    question = localDeletionQuestion(folder.name, deletion);
  }
  const permanent = mode === 'empty' || deletion.kind === 'permanent';
  const refused = mode === 'delete' && deletion.kind === 'refused';

  function confirm() {
    setBusy(true);
    const request =
      mode === 'empty'
        ? api.invoke('emptyLocalTrash', { folderId: folder.id })
        : api.invoke('deleteFolder', {
            folderId: folder.id,
            withSubfolders: deletion.kind !== 'refused' && deletion.subfolders > 0,
            permanently: deletion.kind === 'permanent',
          });
    void request.then((result) => {
      setBusy(false);
      if (result.ok) onClose();
      else setError(result.error);
    });
  }

  return (
    <div role="alertdialog" aria-label={title} aria-describedby={`delete-${folder.id}-text`} className="folder-dialog">
      <strong>{title}</strong>
      <p id={`delete-${folder.id}-text`}>{question}</p>
      {refused ? null : (
        <button type="button" className="danger" disabled={busy} onClick={confirm}>
          {permanent ? 'Delete permanently' : 'Delete'}
        </button>
      )}
      <button
        type="button"
        autoFocus
        onClick={onClose}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        Cancel
      </button>
      {error === null ? null : (
        <ErrorAlert title="The folder could not be deleted." message={error.message} action="Try again in a moment." />
      )}
    </div>
  );
}
