// "Waiting for the browser…" while a sign-in runs in the system browser; in browser mode main
// cannot open that browser, so the page offers the provider's page as a link.
import type { BrowserSignInState } from './use-browser-sign-in.ts';

export function BrowserSignInProgress({ state, providerName }: { readonly state: BrowserSignInState; readonly providerName: string }) {
  return (
    <div aria-live="polite" className="form-progress">
      {state.kind === 'waiting' ? (
        <>
          Waiting for the browser…{' '}
          {state.url !== null && !state.opened ? (
            <a href={state.url} target="_blank" rel="noopener noreferrer">
              Open the {providerName} sign-in page
            </a>
          ) : null}
        </>
      ) : (
        ''
      )}
    </div>
  );
}
