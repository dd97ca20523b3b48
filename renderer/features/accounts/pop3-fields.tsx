import { useId } from 'react';
import type { AccountFormState, Pop3FormField } from './account-form-model.ts';

type Pop3FieldsProps = {
  readonly form: AccountFormState;
  readonly disabled: boolean;
  readonly onChange: (field: Pop3FormField, value: string) => void;
};

// Where a POP3 account's mail lives (architecture.md): the server copy is kept by default.
export function Pop3Fields({ form, disabled, onChange }: Pop3FieldsProps) {
  const id = useId();
  return (
    <fieldset disabled={disabled}>
      <legend>Where mail lives</legend>
      <div className="field checkbox">
        <input
          id={`${id}-leave`}
          type="checkbox"
          checked={form.leaveOnServer}
          onChange={(event) => { onChange('leaveOnServer', String(event.currentTarget.checked)); }}
        />
        <label htmlFor={`${id}-leave`}>Leave messages on the server</label>
      </div>
      {form.leaveOnServer ? (
        <div className="field">
          <label htmlFor={`${id}-days`}>Delete from the server after (days)</label>
          <input
            id={`${id}-days`}
            type="text"
            inputMode="numeric"
            placeholder="never"
            value={form.deleteAfterDays}
            onChange={(event) => { onChange('deleteAfterDays', event.currentTarget.value); }}
          />
        </div>
      ) : (
        <p className="hint">Each message is deleted from the server once it is safely stored here.</p>
      )}
      <div className="field checkbox">
        <input
          id={`${id}-deleted-here`}
          type="checkbox"
          checked={form.deleteWhenDeletedHere}
          onChange={(event) => { onChange('deleteWhenDeletedHere', String(event.currentTarget.checked)); }}
        />
        <label htmlFor={`${id}-deleted-here`}>Delete from the server when deleted here</label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-size`}>Download whole messages up to (KB)</label>
        <input
          id={`${id}-size`}
          type="text"
          inputMode="numeric"
          placeholder="no limit"
          aria-describedby={`${id}-size-note`}
          value={form.maxMessageKb}
          onChange={(event) => { onChange('maxMessageKb', event.currentTarget.value); }}
        />
        <p id={`${id}-size-note`} className="hint">
          Larger messages arrive as headers; the rest downloads when you open one.
        </p>
      </div>
    </fieldset>
  );
}
