import { useState } from 'react';
import type { Account, Security, ServerSettings } from '../../../shared/domain.ts';
import type { UpdateAccountArgs } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { SignInAgain } from '../accounts/sign-in-again.tsx';
import { RemoveAccountConfirmation } from './remove-account-confirmation.tsx';

const securityLabels: Readonly<Record<Security, string>> = { tls: 'TLS', starttls: 'STARTTLS', none: 'None' };

type ServerFields = { readonly host: string; readonly port: string; readonly security: Security; readonly username: string };

function fieldsOf(server: ServerSettings | null): ServerFields {
  return server === null
    ? { host: '', port: '', security: 'starttls', username: '' }
    : { host: server.host, port: String(server.port), security: server.security, username: server.username };
}

function sameServer(fields: ServerFields, server: ServerSettings | null): boolean {
  const before = fieldsOf(server);
  return fields.host.trim() === before.host && fields.port === before.port && fields.security === before.security && fields.username === before.username;
}

function toServer(fields: ServerFields): ServerSettings {
  return { host: fields.host.trim(), port: Number(fields.port), security: fields.security, username: fields.username };
}

// Settings → Accounts: each account's name, servers and password, and removing it.
export function AccountsSettings({ accounts, onChanged }: { readonly accounts: readonly Account[]; readonly onChanged: () => void }) {
  if (accounts.length === 0) return <p className="settings-hint">No mail account is set up.</p>;
  return (
    <>
      {accounts.map((account) => (
        <AccountEditor key={account.id} account={account} onChanged={onChanged} />
      ))}
    </>
  );
}

function AccountEditor({ account, onChanged }: { readonly account: Account; readonly onChanged: () => void }) {
  const api = useApi();
  const [name, setName] = useState(account.name);
  const [incoming, setIncoming] = useState(fieldsOf(account.incoming));
  const [outgoing, setOutgoing] = useState(fieldsOf(account.outgoing));
  const [password, setPassword] = useState('');
  const [outgoingPassword, setOutgoingPassword] = useState('');
  const [outgoingSignIn, setOutgoingSignIn] = useState<'keep' | 'incoming'>('keep');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function save() {
    const changes: { -readonly [K in keyof UpdateAccountArgs]: UpdateAccountArgs[K] } = { accountId: account.id };
    if (name.trim() !== account.name) changes.name = name.trim();
    if (!sameServer(incoming, account.incoming)) changes.incoming = toServer(incoming);
    if (!sameServer(outgoing, account.outgoing)) changes.outgoing = outgoing.host.trim() === '' ? null : toServer(outgoing);
    if (password !== '') changes.password = password;
    setError(null);
    setSaved(false);
    // The outgoing password is kept apart from the account (a secret of its own), so it is
    // set by its own request, once the account's changes went through.
    const outgoingChange = outgoingPassword !== '' ? outgoingPassword : outgoingSignIn === 'incoming' ? null : undefined;
    if (Object.keys(changes).length === 1 && outgoingChange === undefined) {
      setSaved(true);
      return;
    }
    setSaving(true);
    const result = Object.keys(changes).length === 1 ? null : await api.invoke('updateAccount', changes);
    const outgoingResult =
      (result === null || result.ok) && outgoingChange !== undefined
        ? await api.invoke('setOutgoingPassword', { accountId: account.id, password: outgoingChange })
        : null;
    setSaving(false);
    const failed = result !== null && !result.ok ? result : outgoingResult !== null && !outgoingResult.ok ? outgoingResult : null;
    if (failed !== null) {
      setError(failed.error.message);
      return;
    }
    setPassword('');
    setOutgoingPassword('');
    setOutgoingSignIn('keep');
    setSaved(true);
    onChanged();
  }

  const prefix = `account-${account.id}`;
  return (
    <form
      className="settings-form"
      aria-label={`Account ${account.email}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>{account.email}</h3>
      <label htmlFor={`${prefix}-name`}>Display name</label>
      <input id={`${prefix}-name`} value={name} onChange={(event) => { setName(event.target.value); }} />
      <ServerEditor legend={account.kind === 'pop3' ? 'Incoming server (POP3)' : 'Incoming server (IMAP)'} prefix={`${prefix}-in`} fields={incoming} onChange={setIncoming} />
      {account.kind === 'pop3' && account.outgoing === null ? null : (
        <ServerEditor legend="Outgoing server (SMTP)" prefix={`${prefix}-out`} fields={outgoing} onChange={setOutgoing} />
      )}
      {account.auth?.kind === 'oauth2' ? (
        // No password to change: a new sign-in with the provider takes its place.
        <fieldset className="settings-sign-in">
          <legend>Sign-in</legend>
          <p className="settings-hint">This account signs in with its provider in the browser; Letterbox keeps no password for it. Sign in again when the provider no longer takes the sign-in.</p>
          <SignInAgain account={account} />
        </fieldset>
      ) : (
        <>
          <label htmlFor={`${prefix}-password`}>New password</label>
          <input
            id={`${prefix}-password`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => { setPassword(event.target.value); }}
          />
          <p className="settings-hint">Leave empty to keep the password. New servers or a new password are tried before they are saved.</p>
        </>
      )}
      {account.outgoing === null || account.auth?.kind === 'oauth2' ? null : (
        <fieldset className="settings-outgoing-password">
          <legend>Sending</legend>
          <label htmlFor={`${prefix}-outgoing-password`}>New outgoing password</label>
          <input
            id={`${prefix}-outgoing-password`}
            type="password"
            autoComplete="new-password"
            value={outgoingPassword}
            onChange={(event) => { setOutgoingPassword(event.target.value); }}
          />
          <label>
            <input
              type="checkbox"
              checked={outgoingSignIn === 'incoming'}
              disabled={outgoingPassword !== ''}
              onChange={(event) => { setOutgoingSignIn(event.target.checked ? 'incoming' : 'keep'); }}
            />
            Send with the incoming password
          </label>
          <p className="settings-hint">For an outgoing server that takes a password of its own. Leave empty to keep what is set.</p>
        </fieldset>
      )}
      <div className="settings-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Checking…' : 'Save account'}
        </button>
        <button type="button" className="danger" onClick={() => { setConfirming(true); }}>
          Remove account
        </button>
      </div>
      {saved ? <p role="status">Saved.</p> : null}
      {error === null ? null : <ErrorAlert title="The account was not changed." message={error} action="Check the settings and save again." />}
      {confirming ? (
        <RemoveAccountConfirmation
          account={account}
          onCancel={() => { setConfirming(false); }}
          onRemoved={() => {
            setConfirming(false);
            onChanged();
          }}
        />
      ) : null}
    </form>
  );
}

function ServerEditor({
  legend,
  prefix,
  fields,
  onChange,
}: {
  readonly legend: string;
  readonly prefix: string;
  readonly fields: ServerFields;
  readonly onChange: (fields: ServerFields) => void;
}) {
  return (
    <fieldset className="settings-server">
      <legend>{legend}</legend>
      <label htmlFor={`${prefix}-host`}>Server</label>
      <input id={`${prefix}-host`} value={fields.host} onChange={(event) => { onChange({ ...fields, host: event.target.value }); }} />
      <label htmlFor={`${prefix}-port`}>Port</label>
      <input
        id={`${prefix}-port`}
        type="number"
        min={1}
        max={65535}
        value={fields.port}
        onChange={(event) => { onChange({ ...fields, port: event.target.value }); }}
      />
      <label htmlFor={`${prefix}-security`}>Security</label>
      <select id={`${prefix}-security`} value={fields.security} onChange={(event) => { onChange({ ...fields, security: event.target.value as Security }); }}>
        {(Object.keys(securityLabels) as Security[]).map((value) => (
          <option key={value} value={value}>
            {securityLabels[value]}
          </option>
        ))}
      </select>
      <label htmlFor={`${prefix}-username`}>Username</label>
      <input id={`${prefix}-username`} value={fields.username} onChange={(event) => { onChange({ ...fields, username: event.target.value }); }} />
    </fieldset>
  );
}
