import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

// Undo send: how long a sent message waits in the outbox, when Undo still takes it back.
const choices: readonly number[] = [0, 5, 10, 20, 30];

function delayLabel(seconds: number): string {
  return seconds === 0 ? 'Off' : `${String(seconds)} seconds`;
}

// Settings → Sending. The delay is kept by main (setSendDelay); 0 sends at once.
export function SendDelaySettings() {
  const api = useApi();
  const [seconds, setSeconds] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('getSendDelay', {}).then((result) => {
      if (!active) return;
      if (result.ok) setSeconds(result.value.seconds);
      else setError(result.error);
    });
    return () => {
      active = false;
    };
  }, [api]);

  async function choose(next: number) {
    const before = seconds;
    setSeconds(next);
    setSaved(false);
    const result = await api.invoke('setSendDelay', { seconds: next });
    if (result.ok) {
      setError(null);
      setSaved(true);
    } else {
      setSeconds(before);
      setError(result.error);
    }
  }

  // A value set elsewhere (within the allowed minute) is shown as it is.
  const options = seconds === null || choices.includes(seconds) ? choices : [...choices, seconds].sort((a, b) => a - b);
  return (
    <section className="settings-section" aria-labelledby="send-delay-settings-title">
      <h3 id="send-delay-settings-title">Undo send</h3>
      <div className="settings-form">
        <label htmlFor="send-delay">Wait before sending</label>{' '}
        <select id="send-delay" value={seconds ?? ''} disabled={seconds === null} onChange={(event) => void choose(Number(event.target.value))}>
          {options.map((value) => (
            <option key={value} value={value}>
              {delayLabel(value)}
            </option>
          ))}
        </select>
        <p className="settings-hint">While it waits, Undo brings the message back to the composer.</p>
        <p role="status">{saved ? 'Saved.' : ''}</p>
      </div>
      {error === null ? null : <ErrorAlert title="The delay was not changed." message={error.message} />}
    </section>
  );
}
