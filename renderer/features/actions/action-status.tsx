import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';

// Beside the status bar: how many changes wait for the server, and why one was undone.
export function ActionStatus() {
  const api = useApi();
  const [count, setCount] = useState(0);
  const [failures, setFailures] = useState<readonly string[]>([]);
  useEffect(() => {
    let active = true;
    void api.invoke('getPendingActions', {}).then((result) => {
      if (active && result.ok) setCount(result.value.count);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('pendingActionsChanged', ({ count: next }) => { setCount(next); });
  useApiEvent('actionFailed', ({ message }) => { setFailures((previous) => [...previous.slice(-4), message]); });
  const [notices, setNotices] = useState<readonly string[]>([]);
  useApiEvent('actionNotice', ({ message }) => { setNotices((previous) => [...previous.slice(-4), message]); });
  return (
    <div className="action-status">
      {count > 0 ? (
        <p className="pending-changes">{count === 1 ? '1 change waiting to sync' : `${count} changes waiting to sync`}</p>
      ) : null}
      {notices.length > 0 ? (
        <div role="status" className="action-notice">
          {notices.map((message, index) => (
            <p key={index}>{message}</p>
          ))}
          <button type="button" className="quiet" onClick={() => { setNotices([]); }}>
            Dismiss
          </button>
        </div>
      ) : null}
      {failures.length > 0 ? (
        <div role="alert" className="error-alert">
          {failures.map((message, index) => (
            <p key={index}>{message} Check the message and try again if you still want the change.</p>
          ))}
          <button type="button" className="quiet" onClick={() => { setFailures([]); }}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
