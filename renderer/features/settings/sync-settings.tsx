import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

// Minutes offered; a value set otherwise (the API takes 30 s to a day) is shown as well.
const MINUTES = [1, 2, 5, 10, 15, 30, 60] as const;

function intervalLabel(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  return minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`;
}

// Settings → Sync: how often the folders not watched with IDLE (all but the Inbox and the
// open folder) are checked for changes, per account.
export function SyncSettings({ accounts }: { readonly accounts: readonly Account[] }) {
  return (
    <div className="settings-form">
      <p className="settings-hint">The Inbox and the folder you are looking at update at once. Other folders are checked on this interval.</p>
      {accounts.map((account) => (
        <CheckInterval key={account.id} account={account} />
      ))}
    </div>
  );
}

function CheckInterval({ account }: { readonly account: Account }) {
  const api = useApi();
  const [seconds, setSeconds] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    void api.invoke('getCheckInterval', { accountId: account.id }).then((result) => {
      if (!active) return;
      if (result.ok) setSeconds(result.value.seconds);
      else setError(result.error.message);
    });
    return () => {
      active = false;
    };
  }, [api, account.id]);

  async function choose(next: number) {
    setSaved(false);
    const result = await api.invoke('setCheckInterval', { accountId: account.id, seconds: next });
    if (result.ok) {
      setSeconds(next);
      setError(null);
      setSaved(true);
    } else setError(result.error.message);
  }

  const id = `check-interval-${account.id}`;
  const options = MINUTES.map((minutes) => minutes * 60);
  const shown = seconds !== null && !options.includes(seconds) ? [...options, seconds].sort((a, b) => a - b) : options;
  return (
    <div className="settings-row">
      <label htmlFor={id}>{`Check other folders of ${account.email}`}</label>
      <select id={id} value={seconds ?? ''} disabled={seconds === null} onChange={(event) => void choose(Number(event.target.value))}>
        {seconds === null ? <option value="">…</option> : null}
        {shown.map((value) => (
          <option key={value} value={value}>
            {intervalLabel(value)}
          </option>
        ))}
      </select>
      {saved ? <p role="status">Saved. The next check follows the new interval.</p> : null}
      {error === null ? null : <ErrorAlert title="The check interval was not saved." message={error} />}
    </div>
  );
}
