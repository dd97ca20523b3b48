import { useEffect, useRef, useState } from 'react';
import type { Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import { uploadImport, type ImportUploadProgress } from '../../../shared/local/import-upload.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

type Props = { readonly folder: Folder; readonly files: readonly File[]; readonly onClose: () => void };

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

// "Import mbox or .eml…" once files are picked: they are sent a chunk at a time
// (shared/local/import-upload.ts), with how far it has got and a Stop button. Messages
// appear in the folder as they are imported; a stopped import keeps what it imported.
export function ImportProgress({ folder, files, onClose }: Props) {
  const api = useApi();
  const [progress, setProgress] = useState<ImportUploadProgress | null>(null);
  const [stopped, setStopped] = useState<number | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const stop = useRef(false);
  const started = useRef(false);

  useEffect(() => {
    // Once, even where React runs an effect twice in development.
    if (started.current) return;
    started.current = true;
    void uploadImport(api, folder.id, files, { onProgress: setProgress, cancelled: () => stop.current }).then((result) => {
      if (!result.ok) setError(result.error);
      else if (result.value.cancelled) setStopped(result.value.imported);
      else onClose();
    });
  }, [api, folder.id, files, onClose]);

  const total = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <div className="import-progress">
      {error === null && stopped === null ? (
        <>
          <p role="status" className="hint">
            {progress === null
              ? `Importing into ${folder.name}…`
              : `Importing ${progress.fileName} into ${folder.name}: ${megabytes(progress.sentBytes)} of ${megabytes(total)} MB, ${progress.imported.toLocaleString()} messages`}
          </p>
          <progress aria-label="Import progress" max={Math.max(total, 1)} value={progress?.sentBytes ?? 0} />
          <button
            type="button"
            onClick={() => {
              stop.current = true;
            }}
          >
            Stop import
          </button>
        </>
      ) : null}
      {stopped === null ? null : (
        <p role="status" className="hint">
          {`Import stopped: ${stopped.toLocaleString()} messages were imported into ${folder.name}.`}
        </p>
      )}
      {error === null ? null : (
        <ErrorAlert title="The files could not all be imported." message={error.message} action="Messages imported before the error stay in the folder. Check the files, then try again." />
      )}
      {error === null && stopped === null ? null : (
        <button type="button" onClick={onClose}>
          Close
        </button>
      )}
    </div>
  );
}
