// "Sign in with Google/Microsoft" in place of the password, for servers that take no
// passwords: main opens the provider's page in the system browser and waits on 127.0.0.1 for
// its answer. Browser mode cannot open it from main, so the page offers the link itself.
import type { Account } from '../../../shared/domain.ts';
import type { OAuthProviderInfo } from '../../../shared/oauth/oauth-types.ts';
import { useApi } from '../../api/api-context.tsx';
import type { AccountFormState } from './account-form-model.ts';
import { BrowserSignInProgress } from './browser-sign-in-progress.tsx';
import { toOAuthAccountArgs } from './oauth-form-model.ts';
import { useBrowserSignIn } from './use-browser-sign-in.ts';

export function OAuthSignIn(props: {
  readonly provider: OAuthProviderInfo;
  readonly form: AccountFormState;
  readonly storeWithoutKeyring: boolean;
  readonly onBusyChange: (busy: boolean) => void;
  readonly onAdded: (account: Account) => void;
}) {
  const api = useApi();
  const signIn = useBrowserSignIn(props.onBusyChange);
  const { state } = signIn;
  const { provider } = props;

  async function start(): Promise<void> {
    const built = toOAuthAccountArgs(props.form);
    if (!built.ok) {
      signIn.fail(built.message);
      return;
    }
    const account = props.storeWithoutKeyring ? { ...built.args, storePasswordWithoutKeyring: true } : built.args;
    const added = await signIn.run(
      () => api.invoke('startOAuthSignIn', { provider: provider.id, email: built.args.email }),
      (started) => api.invoke('finishOAuthSignIn', { signInId: started.signInId, account }),
    );
    if (added !== null) props.onAdded(added);
  }

  return (
    <div className="oauth-sign-in">
      <p className="hint">
        {provider.name} does not take passwords from mail apps: sign in on {provider.name}&apos;s own page in your browser instead.
      </p>
      {provider.configured ? null : (
        <p className="hint">This copy of Letterbox has no {provider.name} sign-in set up (it needs a client id; see the README).</p>
      )}
      <BrowserSignInProgress state={state} providerName={provider.name} />
      {state.kind === 'failed' ? (
        <p role="alert" className="error-alert">
          <strong>The account was not added.</strong> {state.message}
        </p>
      ) : null}
      <div className="form-actions">
        {state.kind === 'waiting' ? (
          <button type="button" className="quiet" onClick={signIn.cancel}>
            Cancel sign-in
          </button>
        ) : null}
        <button type="button" disabled={state.kind === 'waiting' || !provider.configured} onClick={() => void start()}>
          Sign in with {provider.name}
        </button>
      </div>
    </div>
  );
}
