import { useId, useState, type SubmitEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

const palette = ['#d93025', '#e8710a', '#188038', '#1a73e8', '#9334e6', '#c5221f', '#007b83', '#5f6368'];

// Name and colour of a new keyword; its atom on the wire is made from the name by main.
export function NewKeywordForm({ onCreated, onCancel }: { readonly onCreated: (keyword: Keyword) => void; readonly onCancel: () => void }) {
  const api = useApi();
  const id = useId();
  const [label, setLabel] = useState('');
  const [colour, setColour] = useState(palette[3] ?? '#1a73e8');
  const [error, setError] = useState<AppError | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await api.invoke('createKeyword', { label, colour });
    if (result.ok) onCreated(result.value);
    else setError(result.error);
  }

  return (
    <form role="dialog" aria-label="New keyword" className="keyword-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        value={label}
        autoFocus
        maxLength={64}
        onChange={(event) => { setLabel(event.target.value); }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
      />
      <label htmlFor={`${id}-colour`}>Colour</label>
      <input id={`${id}-colour`} type="color" value={colour} onChange={(event) => { setColour(event.target.value); }} />
      <button type="submit">Create</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error === null ? null : <ErrorAlert title="The keyword could not be created." message={error.message} action="Choose another name." />}
    </form>
  );
}
