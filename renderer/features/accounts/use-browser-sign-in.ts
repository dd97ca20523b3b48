// A sign-in in the system browser as the page follows it (adding an account, or signing one
// in again): start gives the provider's page, finish waits for the browser to come back.
// A sign-in cancelled or started again meanwhile is forgotten when its answer arrives.
import { useRef, useState } from 'react';
import type { Result } from '../../../shared/errors.ts';
import type { OAuthSignInStart } from '../../../shared/oauth/oauth-types.ts';
import { useApi } from '../../api/api-context.tsx';

export type BrowserSignInState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'waiting'; readonly signInId: string | null; readonly url: string | null; readonly opened: boolean }
  | { readonly kind: 'failed'; readonly message: string };

export type BrowserSignIn = {
  readonly state: BrowserSignInState;
  // The finished value, or null when it failed (the state says why) or was cancelled.
  readonly run: <S extends OAuthSignInStart, T>(start: () => Promise<Result<S>>, finish: (started: S) => Promise<Result<T>>) => Promise<T | null>;
  readonly fail: (message: string) => void;
  readonly cancel: () => void;
};

export function useBrowserSignIn(onBusyChange?: (busy: boolean) => void): BrowserSignIn {
  const api = useApi();
  const [state, setState] = useState<BrowserSignInState>({ kind: 'idle' });
  const attempt = useRef(0);

  function settle(next: BrowserSignInState): void {
    setState(next);
    onBusyChange?.(next.kind === 'waiting');
  }

  return {
    state,
    run: async (start, finish) => {
      const mine = ++attempt.current;
      settle({ kind: 'waiting', signInId: null, url: null, opened: false });
      const started = await start();
      if (mine !== attempt.current) return null;
      if (!started.ok) {
        settle({ kind: 'failed', message: started.error.message });
        return null;
      }
      settle({ kind: 'waiting', signInId: started.value.signInId, url: started.value.url, opened: started.value.opened });
      const finished = await finish(started.value);
      if (mine !== attempt.current) return null;
      if (!finished.ok) {
        settle({ kind: 'failed', message: finished.error.message });
        return null;
      }
      settle({ kind: 'idle' });
      return finished.value;
    },
    fail: (message) => {
      settle({ kind: 'failed', message });
    },
    cancel: () => {
      if (state.kind === 'waiting' && state.signInId !== null) void api.invoke('cancelOAuthSignIn', { signInId: state.signInId });
      attempt.current += 1;
      settle({ kind: 'idle' });
    },
  };
}
