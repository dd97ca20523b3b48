import { useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import type { AppSettings, NotificationContent, NotificationSettings } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { inDesktopShell } from '../../ui/desktop-shell.ts';
import { ErrorAlert } from '../../ui/error-alert.tsx';

const contentLabels: Readonly<Record<NotificationContent, string>> = {
  'sender-and-subject': 'Show sender and subject',
  private: 'Private: only say that mail came',
};

// Settings → Notifications: on or off, what they show, and which accounts announce.
export function NotificationSettingsForm({
  settings,
  accounts,
  onSaved,
}: {
  readonly settings: NotificationSettings;
  readonly accounts: readonly Account[];
  readonly onSaved: (settings: AppSettings) => void;
}) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  // Shown at once; the stored settings take over when main answers (the old ones on failure).
  const [pending, setPending] = useState<NotificationSettings | null>(null);
  const shown = pending ?? settings;
  async function save(
    next: NotificationSettings,
    work: Promise<{ readonly ok: true; readonly value: AppSettings } | { readonly ok: false; readonly error: { readonly message: string } }>,
  ) {
    setPending(next);
    const result = await work;
    setPending(null);
    if (result.ok) {
      setError(null);
      onSaved(result.value);
    } else setError(result.error.message);
  }
  return (
    <div className="settings-form">
      <label className="settings-choice">
        <input
          type="checkbox"
          checked={shown.enabled}
          onChange={(event) => {
            const enabled = event.target.checked;
            void save({ ...shown, enabled }, api.invoke('updateSettings', { notifications: { enabled } }));
          }}
        />
        Notify me of new mail
      </label>
      <BrowserPermission />
      <fieldset disabled={!shown.enabled}>
        <legend>What a notification shows</legend>
        {(Object.keys(contentLabels) as NotificationContent[]).map((value) => (
          <label key={value} className="settings-choice">
            <input
              type="radio"
              name="notification-content"
              value={value}
              checked={shown.content === value}
              onChange={() => void save({ ...shown, content: value }, api.invoke('updateSettings', { notifications: { content: value } }))}
            />
            {contentLabels[value]}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!shown.enabled}>
        <legend>Accounts</legend>
        {accounts.map((account) => (
          <label key={account.id} className="settings-choice">
            <input
              type="checkbox"
              checked={!shown.mutedAccountIds.includes(account.id)}
              onChange={(event) => {
                const enabled = event.target.checked;
                const muted = shown.mutedAccountIds.filter((id) => id !== account.id);
                void save(
                  { ...shown, mutedAccountIds: enabled ? muted : [...muted, account.id] },
                  api.invoke('setAccountNotifications', { accountId: account.id, enabled }),
                );
              }}
            />
            {`Notify for ${account.email}`}
          </label>
        ))}
      </fieldset>
      <p className="settings-hint">New mail in the Inbox is announced, except while Letterbox shows that Inbox in front of you.</p>
      {error === null ? null : <ErrorAlert title="The notification setting was not saved." message={error} />}
    </div>
  );
}

// In a browser the page must ask for permission once; the desktop app needs none.
function BrowserPermission() {
  const supported = !inDesktopShell() && typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'granted');
  if (!supported || permission === 'granted') return null;
  if (permission === 'denied') {
    return <p className="settings-hint">This browser blocks notifications from Letterbox; allow them in its site settings.</p>;
  }
  return (
    <button
      type="button"
      onClick={() => {
        void Notification.requestPermission().then(setPermission);
      }}
    >
      Allow notifications in this browser
    </button>
  );
}
