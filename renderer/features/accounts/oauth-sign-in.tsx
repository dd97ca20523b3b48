// "Sign in with Google/Microsoft" in place of the password, for servers that take no
// passwords: main opens the provider's page in the system browser and waits on 127.0.0.1 for
// its answer. Browser mode cannot open it from main, so the page offers the link itself.
import { useRef, useState } from 'react';
import type { Account } from '../../../shared/domain.ts';
import type { OAuthProviderInfo } from '../../../shared/oauth/oauth-types.ts';
import { useApi } from '../../api/api-context.tsx';
import type { AccountFormState } from './account-form-model.ts';
import { toOAuthAccountArgs } from './oauth-form-model.ts';

type SignInState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'waiting'; readonly signInId: string | null; readonly url: string | null; readonly opened: boolean }
  | { readonly kind: 'failed'; readonly message: string };

export function OAuthSignIn(props: {
  readonly provider: OAuthProviderInfo;
  readonly form: AccountFormState;
  readonly storeWithoutKeyring: boolean;
  readonly onBusyChange: (busy: boolean) => void;
  readonly onAdded: (account: Account) => void;
}) {
  const api = useApi();
  const [state, setState] = useState<SignInState>({ kind: 'idle' });
  const attempt = useRef(0);
  const { provider } = props;

  function settle(next: SignInState): void {
    setState(next);
    props.onBusyChange(next.kind === 'waiting');
  }

  async function signIn(): Promise<void> {
    const built = toOAuthAccountArgs(props.form);
    if (!built.ok) {
      settle({ kind: 'failed', message: built.message });
      return;
    }
    const mine = ++attempt.current;
    settle({ kind: 'waiting', signInId: null, url: null, opened: false });
    const started = await api.invoke('startOAuthSignIn', { provider: provider.id, email: built.args.email });
    if (mine !== attempt.current) return;
    if (!started.ok) {
      settle({ kind: 'failed', message: started.error.message });
      return;
    }
    settle({ kind: 'waiting', ...started.value });
    const account = props.storeWithoutKeyring ? { ...built.args, storePasswordWithoutKeyring: true } : built.args;
    const finished = await api.invoke('finishOAuthSignIn', { signInId: started.value.signInId, account });
    if (mine !== attempt.current) return;
    if (finished.ok) {
      settle({ kind: 'idle' });
      props.onAdded(finished.value);
    } else {
      settle({ kind: 'failed', message: finished.error.message });
    }
  }

  function cancel(): void {
    if (state.kind === 'waiting' && state.signInId !== null) void api.invoke('cancelOAuthSignIn', { signInId: state.signInId });
    attempt.current += 1;
    settle({ kind: 'idle' });
  }

  return (
    <div className="oauth-sign-in">
      <p className="hint">
        {provider.name} does not take passwords from mail apps: sign in on {provider.name}&apos;s own page in your browser instead.
      </p>
      {provider.configured ? null : (
        <p className="hint">This copy of Letterbox has no {provider.name} sign-in set up (it needs a client id; see the README).</p>
      )}
      <div aria-live="polite" className="form-progress">
        {state.kind === 'waiting' ? (
          <>
            Waiting for the browser…{' '}
            {state.url !== null && !state.opened ? (
              <a href={state.url} target="_blank" rel="noopener noreferrer">
                Open the {provider.name} sign-in page
              </a>
            ) : null}
          </>
        ) : (
          ''
        )}
      </div>
      {state.kind === 'failed' ? (
        <p role="alert" className="error-alert">
          <strong>The account was not added.</strong> {state.message}
        </p>
      ) : null}
      <div className="form-actions">
        {state.kind === 'waiting' ? (
          <button type="button" className="quiet" onClick={cancel}>
            Cancel sign-in
          </button>
        ) : null}
        <button type="button" disabled={state.kind === 'waiting' || !provider.configured} onClick={() => void signIn()}>
          Sign in with {provider.name}
        </button>
      </div>
    </div>
  );
}
