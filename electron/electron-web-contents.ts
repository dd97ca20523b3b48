// Keeps every web contents on the app page: navigations elsewhere are prevented and new
// windows are denied. A link asked for in a new window is not opened either: links leave the
// app only through the openExternal channel, which can ask the user first
// (electron/security/external-link-decision.ts), and nothing must bypass that question.
import type { WebContents } from 'electron';
import { isNavigationAllowed } from './security/navigation-policy.ts';

type NavigationEvent = {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
};

export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, appPageUrl: string): void {
  function guard(event: NavigationEvent): void {
    if (!isNavigationAllowed({ url: event.url, isMainFrame: event.isMainFrame }, appPageUrl)) event.preventDefault();
  }
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
