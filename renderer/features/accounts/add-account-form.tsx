import { useId, useRef, useState, type SubmitEvent } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import type { UntrustedCertificate } from '../../../shared/setup/setup-types.ts';
import { applyDiscovered } from './discovered-form.ts';
import { FindSettings } from './find-settings.tsx';
import { UntrustedCertificatePrompt } from '../../ui/untrusted-certificate-prompt.tsx';
import {
  initialAccountForm,
  toAddAccountArgs,
  updateAccountForm,
  type AccountFormField,
  type AccountFormState,
} from './account-form-model.ts';
import { Pop3Fields } from './pop3-fields.tsx';
import { PasswordStorageNotice, usePasswordStorage } from './password-storage-notice.tsx';
import { OAuthSignIn } from './oauth-sign-in.tsx';
import { useOAuthProvider } from './use-oauth-provider.ts';

type Progress = { readonly kind: 'idle' } | { readonly kind: 'checking'; readonly host: string } | { readonly kind: 'failed'; readonly message: string; readonly certificate?: UntrustedCertificate };

export function AddAccountForm({ onAdded }: { readonly onAdded: (account: Account) => void }) {
  const api = useApi();
  const id = useId();
  const [form, setForm] = useState<AccountFormState>(initialAccountForm);
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const checking = progress.kind === 'checking';
  // Resubmitted once the user trusted a certificate the connection was stopped for.
  const formRef = useRef<HTMLFormElement>(null);
  const [certificate, setCertificate] = useState<UntrustedCertificate | null>(null);
  const passwordStorage = usePasswordStorage();
  const [storeWithoutKeyring, setStoreWithoutKeyring] = useState(false);
  const [separateOutgoing, setSeparateOutgoing] = useState(false);
  // Servers that take no passwords (Gmail, Microsoft 365) get a sign-in in the browser instead.
  const oauthProvider = useOAuthProvider(form.incomingHost);
  const [signingIn, setSigningIn] = useState(false);

  function change(field: AccountFormField) {
    return (event: { readonly currentTarget: { readonly value: string } }) => {
      const value = event.currentTarget.value;
      setForm((state) => updateAccountForm(state, field, value));
    };
  }

  async function submit(event: SubmitEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (checking || oauthProvider !== null) return;
    const built = toAddAccountArgs(form);
    if (!built.ok) {
      setProgress({ kind: 'failed', message: built.message });
      return;
    }
    setProgress({ kind: 'checking', host: built.args.incoming.host });
    const result = await api.invoke('addAccount', storeWithoutKeyring ? { ...built.args, storePasswordWithoutKeyring: true } : built.args);
    if (result.ok) {
      setProgress({ kind: 'idle' });
      setForm(initialAccountForm);
      setSeparateOutgoing(false);
      onAdded(result.value);
    } else {
      setProgress({ kind: 'failed', message: result.error.message });
      if (result.error.certificate) setCertificate(result.error.certificate);
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
          value={String(form[name])}
          onChange={change(name)}
          disabled={checking}
          {...props}
        />
      </div>
    );
  }

  return (
    <form
      ref={formRef}
      className="account-form"
      aria-label="Add account"
      aria-busy={checking || signingIn}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <fieldset disabled={checking}>
        <legend>Your account</legend>
        {field('email', 'Email address', { type: 'email', autoComplete: 'email', placeholder: 'name@example.org' })}
        {oauthProvider === null ? field('password', 'Password', { type: 'password', autoComplete: 'current-password' }) : null}
        <FindSettings
          email={form.email}
          disabled={checking}
          onFound={(incoming, outgoing) => {
            setForm((state) => applyDiscovered(state, incoming, outgoing));
          }}
        />
      </fieldset>
      <fieldset disabled={checking}>
        <legend>Incoming mail</legend>
        <div className="field">
          <label htmlFor={`${id}-protocol`}>Protocol</label>
          <select id={`${id}-protocol`} name="protocol" value={form.protocol} onChange={change('protocol')} aria-describedby={`${id}-protocol-note`}>
            <option value="imap">IMAP</option>
            <option value="pop3">POP3</option>
          </select>
          <p id={`${id}-protocol-note`} className="hint">
            {form.protocol === 'pop3'
              ? 'POP3 mail is downloaded into Local Folders › Inbox on this computer.'
              : 'IMAP keeps your mail on the server and in step with your other devices.'}
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
      {form.protocol === 'pop3' ? <Pop3Fields form={form} disabled={checking} onChange={(field, value) => { setForm((state) => updateAccountForm(state, field, value)); }} /> : null}
      <fieldset disabled={checking}>
        <legend>Outgoing mail (optional)</legend>
        {field('outgoingHost', 'Outgoing server', { placeholder: 'smtp.example.org', autoComplete: 'off', spellCheck: 'false' })}
        {field('outgoingPort', 'Outgoing port', { inputMode: 'numeric', autoComplete: 'off' })}
        {/* Folded away: most servers take the one password, and its label would otherwise
            be a second match for "Password". */}
        <div className="field checkbox">
          <input
            id={`${id}-separate-outgoing`}
            type="checkbox"
            checked={separateOutgoing}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              setSeparateOutgoing(checked);
              if (!checked) setForm((state) => updateAccountForm(state, 'outgoingPassword', ''));
            }}
          />
          <label htmlFor={`${id}-separate-outgoing`}>Separate sign-in for outgoing mail</label>
        </div>
        {separateOutgoing ? field('outgoingPassword', 'Outgoing password', { type: 'password', autoComplete: 'off' }) : null}
      </fieldset>
      {form.security === 'none' ? (
        <p className="hint">Without security, your password and mail cross the network readable by anyone on the way.</p>
      ) : null}
      <PasswordStorageNotice storage={passwordStorage} accepted={storeWithoutKeyring} disabled={checking} onAcceptedChange={setStoreWithoutKeyring} />
      <div aria-live="polite" className="form-progress">
        {progress.kind === 'checking' ? `Connecting to ${progress.host} and signing in…` : ''}
      </div>
      {progress.kind === 'failed' ? (
        <p role="alert" className="error-alert">
          <strong>The account was not added.</strong> {progress.message}
        </p>
      ) : null}
      {certificate === null ? null : (
        <UntrustedCertificatePrompt
          certificate={certificate}
          onClose={() => { setCertificate(null); }}
          onTrusted={() => {
            setCertificate(null);
            formRef.current?.requestSubmit();
          }}
        />
      )}
      {oauthProvider === null ? (
        <div className="form-actions">
          <button type="submit" disabled={checking}>
            Add account
          </button>
        </div>
      ) : (
        <OAuthSignIn
          provider={oauthProvider}
          form={form}
          storeWithoutKeyring={storeWithoutKeyring}
          onBusyChange={setSigningIn}
          onAdded={(account) => {
            setForm(initialAccountForm);
      setSeparateOutgoing(false);
            onAdded(account);
          }}
        />
      )}
    </form>
  );
}
