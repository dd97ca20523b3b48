import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { signInNeededAfter, withoutAccount } from '../../../shared/sync/sign-in-needed.ts';
import { SignInPrompts } from './sign-in-prompts.tsx';
import { WorkOfflineToggle } from './work-offline-toggle.tsx';

export function StatusBar() {
  const api = useApi();
  const [text, setText] = useState('Connecting…');
  const [signInNeeded, setSignInNeeded] = useState<ReadonlySet<string>>(new Set());
  function show(status: SyncStatus): void {
    setText(status.text);
    setSignInNeeded((current) => signInNeededAfter(current, status));
  }
  useEffect(() => {
    let active = true;
    void api.invoke('getStatus', {}).then((result) => {
      if (!active) return;
      if (result.ok) show(result.value);
      else setText(`Status unavailable: ${result.error.message}`);
    });
    // Refusals seen before this window opened (getStatus tells only the latest status).
    void api.invoke('listSignInNeeded', {}).then((result) => {
      if (active && result.ok) setSignInNeeded((current) => new Set([...current, ...result.value]));
    });
    return () => {
      active = false;
    };
  }, [api]);
  useApiEvent('status', show);
  return (
    <footer className="status-bar">
      <p role="status">{text}</p>
      {signInNeeded.size === 0 ? null : (
        <SignInPrompts accountIds={signInNeeded} onSignedIn={(accountId) => { setSignInNeeded((current) => withoutAccount(current, accountId)); }} />
      )}
      <WorkOfflineToggle />
    </footer>
  );
}
