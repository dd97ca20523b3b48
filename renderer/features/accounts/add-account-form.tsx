import { useId, useState, type SubmitEvent } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import {
  initialAccountForm,
  toAddAccountArgs,
  updateAccountForm,
  type AccountFormField,
  type AccountFormState,
} from './account-form-model.ts';

type Progress = { readonly kind: 'idle' } | { readonly kind: 'checking'; readonly host: string } | { readonly kind: 'failed'; readonly message: string };

export function AddAccountForm({ onAdded }: { readonly onAdded: (account: Account) => void }) {
  const api = useApi();
  const id = useId();
  const [form, setForm] = useState<AccountFormState>(initialAccountForm);
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const checking = progress.kind === 'checking';

  function change(field: AccountFormField) {
    return (event: { readonly currentTarget: { readonly value: string } }) => {
      const value = event.currentTarget.value;
      setForm((state) => updateAccountForm(state, field, value));
    };
  }

  async function submit(event: SubmitEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (checking) return;
    const built = toAddAccountArgs(form);
    if (!built.ok) {
      setProgress({ kind: 'failed', message: built.message });
      return;
    }
    setProgress({ kind: 'checking', host: built.args.incoming.host });
    const result = await api.invoke('addAccount', built.args);
    if (result.ok) {
      setProgress({ kind: 'idle' });
      setForm(initialAccountForm);
      onAdded(result.value);
    } else {
      setProgress({ kind: 'failed', message: result.error.message });
    }
  }

  function field(name: AccountFormField, label: string, props: Readonly<Record<string, string>> = {}) {
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          type="text"
          value={form[name]}
          onChange={change(name)}
          disabled={checking}
          {...props}
        />
      </div>
    );
  }

  return (
    <form
      className="account-form"
      aria-label="Add account"
      aria-busy={checking}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <fieldset disabled={checking}>
        <legend>Your account</legend>
        {field('email', 'Email address', { type: 'email', autoComplete: 'email', placeholder: 'name@example.org' })}
        {field('password', 'Password', { type: 'password', autoComplete: 'current-password' })}
      </fieldset>
      <fieldset disabled={checking}>
        <legend>Incoming mail</legend>
        <div className="field">
          <label htmlFor={`${id}-protocol`}>Protocol</label>
          <select id={`${id}-protocol`} name="protocol" defaultValue="imap" aria-describedby={`${id}-protocol-note`}>
            <option value="imap">IMAP</option>
            <option value="pop3" disabled>
              POP3
            </option>
          </select>
          <p id={`${id}-protocol-note`} className="hint">
            POP3 comes in a later version.
          </p>
        </div>
        {field('incomingHost', 'Incoming server', { placeholder: 'imap.example.org', autoComplete: 'off', spellCheck: 'false' })}
        <div className="field">
          <label htmlFor={`${id}-security`}>Security</label>
          <select id={`${id}-security`} name="security" value={form.security} onChange={change('security')}>
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS</option>
            <option value="none">None</option>
          </select>
        </div>
        {field('incomingPort', 'Incoming port', { inputMode: 'numeric', autoComplete: 'off' })}
        {field('username', 'Username', { autoComplete: 'username', spellCheck: 'false' })}
      </fieldset>
      <fieldset disabled={checking}>
        <legend>Outgoing mail (optional)</legend>
        {field('outgoingHost', 'Outgoing server', { placeholder: 'smtp.example.org', autoComplete: 'off', spellCheck: 'false' })}
        {field('outgoingPort', 'Outgoing port', { inputMode: 'numeric', autoComplete: 'off' })}
      </fieldset>
      {form.security === 'none' ? (
        <p className="hint">Without security, your password and mail cross the network readable by anyone on the way.</p>
      ) : null}
      <div aria-live="polite" className="form-progress">
        {progress.kind === 'checking' ? `Connecting to ${progress.host} and signing in…` : ''}
      </div>
      {progress.kind === 'failed' ? (
        <p role="alert" className="error-alert">
          <strong>The account was not added.</strong> {progress.message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={checking}>
          Add account
        </button>
      </div>
    </form>
  );
}
