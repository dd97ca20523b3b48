import { useId, useState, type SubmitEvent } from 'react';
import { folderNameProblem } from '../../../shared/folders/folder-name.ts';

type FolderNameDialogProps = {
  readonly title: string;
  readonly submitLabel: string;
  readonly initial: string;
  readonly delimiter: string | null;
  // A further check of the name (a local folder's: taken at that level, a special folder).
  readonly problemOf?: (name: string) => string | null;
  readonly onSubmit: (name: string) => void;
  readonly onCancel: () => void;
};

// Asks for a folder name; a name the server could not take (its delimiter, wildcards) is
// refused here with the same sentence main would give.
export function FolderNameDialog({ title, submitLabel, initial, delimiter, problemOf, onSubmit, onCancel }: FolderNameDialogProps) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = problemOf?.(name) ?? folderNameProblem(name, delimiter);
    setProblem(found);
    if (found === null) onSubmit(name.trim());
  }

  return (
    <form role="dialog" aria-label={title} className="folder-dialog" onSubmit={submit}>
      <label htmlFor={`${id}-name`}>Folder name</label>
      <input
        id={`${id}-name`}
        value={name}
        autoFocus
        onChange={(event) => { setName(event.target.value); }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
      />
      <button type="submit">{submitLabel}</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {problem === null ? null : (
        <div role="alert" className="error-alert">
          {problem}
        </div>
      )}
    </form>
  );
}
