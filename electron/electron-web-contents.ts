// Keeps every web contents on the app page: navigations elsewhere are prevented, new
// windows are denied, and a permitted link asked for in a new window (target=_blank)
// goes to the system browser instead.
import type { WebContents } from 'electron';
import { checkExternalUrl } from './security/external-url-policy.ts';
import { isNavigationAllowed } from './security/navigation-policy.ts';

type NavigationEvent = {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
};

export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  appPageUrl: string,
  openExternal: (url: string) => void,
): void {
  function guard(event: NavigationEvent): void {
    if (!isNavigationAllowed({ url: event.url, isMainFrame: event.isMainFrame }, appPageUrl)) event.preventDefault();
  }
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const check = checkExternalUrl(url);
    if (check.allowed) openExternal(check.url);
    return { action: 'deny' };
  });
}
