// "Sign in again" for an account that signs in with its provider (OAuth2), once the provider
// stopped taking its sign-in: the same sign-in in the browser as when it was added, for the
// same mailbox. Main checks the new sign-in with the account's server before it replaces
// the old one, then syncs the account again.
import { useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { BrowserSignInProgress } from './browser-sign-in-progress.tsx';
import { useBrowserSignIn } from './use-browser-sign-in.ts';

export function SignInAgain({ account, onSignedIn }: { readonly account: Account; readonly onSignedIn?: () => void }) {
  const api = useApi();
  const signIn = useBrowserSignIn();
  const { state } = signIn;
  const [providerName, setProviderName] = useState('provider');
  const [done, setDone] = useState(false);

  async function start(): Promise<void> {
    setDone(false);
    const signedIn = await signIn.run(
      async () => {
        const started = await api.invoke('startOAuthSignInAgain', { accountId: account.id });
        if (started.ok) setProviderName(started.value.providerName);
        return started;
      },
      (started) => api.invoke('finishOAuthSignInAgain', { signInId: started.signInId }),
    );
    if (signedIn === null) return;
    setDone(true);
    onSignedIn?.();
  }

  return (
    <div className="sign-in-again">
      {state.kind === 'waiting' ? (
        <>
          <BrowserSignInProgress state={state} providerName={providerName} />
          <button type="button" className="quiet" onClick={signIn.cancel}>
            Cancel sign-in
          </button>
        </>
      ) : (
        <button type="button" aria-label={`Sign in again as ${account.email}`} onClick={() => void start()}>
          Sign in again
        </button>
      )}
      {done ? <p role="status">Signed in again as {account.email}.</p> : null}
      {state.kind === 'failed' ? <ErrorAlert title="The sign-in was not renewed." message={state.message} /> : null}
    </div>
  );
}
