import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { MAX_OFFLINE_DAYS, type OfflineMode } from '../../../shared/sync/offline-policy.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

const modeLabels: Readonly<Record<OfflineMode, string>> = {
  all: 'All messages',
  recent: 'Messages from the last days below',
  headers: 'Headers only (download a message when opened)',
};

// One account's offline reading policy: which bodies sync downloads after the headers.
export function OfflinePolicyForm({ account }: { readonly account: Account }) {
  const api = useApi();
  const [mode, setMode] = useState<OfflineMode | null>(null);
  const [days, setDays] = useState('30');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('getOfflinePolicy', { accountId: account.id }).then((result) => {
      if (!active) return;
      if (result.ok) {
        setMode(result.value.mode);
        setDays(String(result.value.days));
      } else setError(result.error.message);
    });
    return () => {
      active = false;
    };
  }, [api, account.id]);

  async function save() {
    if (mode === null) return;
    const count = Number(days);
    if (!Number.isInteger(count) || count < 1 || count > MAX_OFFLINE_DAYS) {
      setError(`Enter a whole number of days from 1 to ${MAX_OFFLINE_DAYS}.`);
      return;
    }
    setError(null);
    setSaved(false);
    const result = await api.invoke('setOfflinePolicy', { accountId: account.id, policy: { mode, days: count } });
    if (result.ok) setSaved(true);
    else setError(result.error.message);
  }

  const modeId = `offline-mode-${account.id}`;
  const daysId = `offline-days-${account.id}`;
  return (
    <form
      className="settings-form"
      aria-label={`Offline reading for ${account.email}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>{account.email}</h3>
      <label htmlFor={modeId}>Offline reading</label>
      <select
        id={modeId}
        value={mode ?? 'recent'}
        disabled={mode === null}
        onChange={(event) => {
          setMode(event.target.value as OfflineMode);
          setSaved(false);
        }}
      >
        {(Object.keys(modeLabels) as OfflineMode[]).map((value) => (
          <option key={value} value={value}>
            {modeLabels[value]}
          </option>
        ))}
      </select>
      <label htmlFor={daysId}>Days</label>
      <input
        id={daysId}
        type="number"
        min={1}
        max={MAX_OFFLINE_DAYS}
        value={days}
        disabled={mode !== 'recent'}
        onChange={(event) => {
          setDays(event.target.value);
          setSaved(false);
        }}
      />
      <p className="settings-hint">Downloaded messages open and are found by search without a network.</p>
      <button type="submit" disabled={mode === null}>
        Save
      </button>
      {saved ? <p role="status">Saved. Downloading follows the new setting.</p> : null}
      {error === null ? null : <ErrorAlert title="The offline setting was not saved." message={error} action="Check the value and save again." />}
    </form>
  );
}
