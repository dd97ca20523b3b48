import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

// "Work offline": a toggle button (aria-pressed) that closes every connection and stops
// syncing until pressed again; main remembers it across restarts.
export function WorkOfflineToggle() {
  const api = useApi();
  const [offline, setOffline] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('getWorkOffline', {}).then((result) => {
      if (active && result.ok) setOffline(result.value.offline);
    });
    return () => {
      active = false;
    };
  }, [api]);

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    const result = await api.invoke('setWorkOffline', { offline: next });
    setBusy(false);
    if (result.ok) setOffline(result.value.offline);
    else setError(result.error.message);
  }

  return (
    <>
      <button
        type="button"
        className="quiet work-offline"
        aria-pressed={offline === true}
        disabled={offline === null || busy}
        onClick={() => void toggle(offline !== true)}
      >
        Work offline
      </button>
      {error === null ? null : (
        <ErrorAlert title="Letterbox could not change “Work offline”." message={error} action="Try again in a moment." />
      )}
    </>
  );
}
