import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import type { AppSettings } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { AccountsSettings } from './account-settings.tsx';
import { AppearanceSettings } from './appearance-settings.tsx';
import { NotificationSettingsForm } from './notification-settings.tsx';
import { OfflinePolicyForm } from './offline-policy-form.tsx';
import { Pop3TargetForm } from './pop3-target-form.tsx';
import { LocalArchiveForm } from './local-archive-form.tsx';
import { SyncSettings } from './sync-settings.tsx';
import { RemoteContentSettings } from './remote-content-settings.tsx';
import { SendDelaySettings } from './send-delay-settings.tsx';

// "Settings": a button opening a modal dialog with a section each for accounts, appearance,
// notifications, sync and offline reading. Every change is saved at once through main.
export function SettingsButton({ accounts, onAccountsChanged }: { readonly accounts: readonly Account[]; readonly onAccountsChanged: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="quiet" onClick={() => { setOpen(true); }}>
        Settings
      </button>
      {open ? <SettingsDialog accounts={accounts} onAccountsChanged={onAccountsChanged} onClose={() => { setOpen(false); }} /> : null}
    </>
  );
}

const sections = ['Accounts', 'Appearance', 'Notifications', 'Sync', 'Offline', 'Sending', 'Privacy'] as const;
type Section = (typeof sections)[number];

function SettingsDialog({
  accounts,
  onAccountsChanged,
  onClose,
}: {
  readonly accounts: readonly Account[];
  readonly onAccountsChanged: () => void;
  readonly onClose: () => void;
}) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [section, setSection] = useState<Section>('Accounts');
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  useEffect(() => {
    let active = true;
    void api.invoke('getSettings', {}).then((result) => {
      if (!active) return;
      if (result.ok) setSettings(result.value);
      else setError(result.error.message);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('settingsChanged', setSettings);
  const remote = accounts.filter((account) => account.kind !== 'local');
  const imap = accounts.filter((account) => account.kind === 'imap');

  return (
    <dialog ref={dialog} className="account-dialog settings-dialog" aria-labelledby="settings-title" onClose={onClose}>
      <div className="dialog-header">
        <h2 id="settings-title">Settings</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <div role="tablist" aria-label="Settings sections" className="settings-tabs">
        {sections.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`settings-tab-${name}`}
            aria-selected={section === name}
            aria-controls="settings-panel"
            onClick={() => { setSection(name); }}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="settings-panel" aria-labelledby={`settings-tab-${section}`} className="settings-panel">
        {error === null ? null : <ErrorAlert title="Settings could not be loaded." message={error} action="Close and open Settings again." />}
        {section === 'Accounts' ? <AccountsSettings accounts={remote} onChanged={onAccountsChanged} /> : null}
        {section === 'Appearance' && settings !== null ? <AppearanceSettings theme={settings.theme} onSaved={setSettings} /> : null}
        {section === 'Notifications' && settings !== null ? (
          <NotificationSettingsForm settings={settings.notifications} accounts={remote} onSaved={setSettings} />
        ) : null}
        {section === 'Sync' ? <SyncSettings accounts={imap} /> : null}
        {section === 'Sync' ? remote.filter((account) => account.kind === 'pop3').map((account) => <Pop3TargetForm key={account.id} account={account} />) : null}
        {section === 'Offline' ? imap.map((account) => <OfflinePolicyForm key={account.id} account={account} />) : null}
        {section === 'Offline' ? imap.map((account) => <LocalArchiveForm key={account.id} account={account} />) : null}
        {section === 'Sending' ? <SendDelaySettings /> : null}
        {section === 'Privacy' ? <RemoteContentSettings /> : null}
        {(section === 'Sync' || section === 'Offline') && imap.length === 0 ? <p className="settings-hint">No IMAP account is set up.</p> : null}
      </div>
    </dialog>
  );
}
