import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { WorkOfflineToggle } from './work-offline-toggle.tsx';

export function StatusBar() {
  const api = useApi();
  const [text, setText] = useState('Connecting…');
  useEffect(() => {
    let active = true;
    void api.invoke('getStatus', {}).then((result) => {
      if (!active) return;
      setText(result.ok ? result.value.text : `Status unavailable: ${result.error.message}`);
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('status', (status) => { setText(status.text); });
  return (
    <footer className="status-bar">
      <p role="status">{text}</p>
      <WorkOfflineToggle />
    </footer>
  );
}
