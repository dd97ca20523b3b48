import { useEffect, useRef, useState } from 'react';
import type { Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { SaveLocallyMode } from '../../../shared/local/local-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useLocalFolders } from '../../ui/use-local-folders.ts';

type Props = { readonly folder: Folder; readonly mode: SaveLocallyMode; readonly onClose: () => void };

// "Save folder locally…" / "Move folder's mail to local…": the local folder to keep the
// server folder's mail in. The work runs in main 100 messages at a time, its progress in the
// status bar ("Moving Archive to Local Folders: 200 of 500"); a crash or quit resumes it.
export function SaveFolderLocally({ folder, mode, onClose }: Props) {
  const api = useApi();
  const { folders } = useLocalFolders();
  const [error, setError] = useState<AppError | null>(null);
  const [started, setStarted] = useState(false);
  const menu = useRef<HTMLUListElement>(null);
  const label = mode === 'move' ? `Move mail of ${folder.name} to local folder` : `Save ${folder.name} in local folder`;

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [folders.length]);

  function start(targetFolderId: string) {
    setStarted(true);
    void api.invoke('saveFolderLocally', { folderId: folder.id, targetFolderId, mode }).then((result) => {
      if (result.ok) {
        if (result.value.failures.length > 0) setError({ code: 'storage', message: result.value.failures.join(' ') });
        else onClose();
      } else {
        setError(result.error);
      }
    });
  }

  return (
    <div className="save-folder-locally">
      {started ? null : (
        <ul ref={menu} role="menu" aria-label={label} className="menu">
          {folders.map((target) => (
            <li
              key={target.id}
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                start(target.id);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  event.currentTarget.click();
                }
                if (event.key === 'Escape') onClose();
              }}
            >
              {target.name}
            </li>
          ))}
        </ul>
      )}
      {started && error === null ? (
        <p role="status" className="hint">
          {mode === 'move' ? `Moving the mail of ${folder.name} to Local Folders…` : `Saving ${folder.name} in Local Folders…`}
        </p>
      ) : null}
      {error === null ? null : (
        <ErrorAlert
          title="Some mail could not be saved."
          message={error.message}
          action="Its server copy is untouched; try again."
        />
      )}
    </div>
  );
}
