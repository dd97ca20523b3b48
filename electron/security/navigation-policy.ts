// Where the app's frames may navigate. The app is one page; anything else loaded into
// the window (a link in a message, a redirect, a dropped file) would run with the
// preload's API, so every other navigation is prevented.
export type NavigationTarget = {
  readonly url: string;
  readonly isMainFrame: boolean;
};

// True when url is the app's own page: same scheme, host and path, and no query.
// Only the fragment may differ (browser mode carries its token there). File URLs have
// the opaque origin "null", so they are compared by path rather than by origin.
export function isAppUrl(url: string, appPageUrl: string): boolean {
  const target = parse(url);
  const app = parse(appPageUrl);
  if (target === null || app === null) return false;
  if (target.username !== '' || target.password !== '') return false;
  return (
    target.protocol === app.protocol &&
    target.host === app.host &&
    target.pathname === app.pathname &&
    target.search === app.search
  );
}

// The message reader is a srcdoc iframe, so a subframe may also become about:srcdoc or
// about:blank (an empty frame); neither can load code of its own under the page's CSP.
export function isNavigationAllowed(target: NavigationTarget, appPageUrl: string): boolean {
  if (isAppUrl(target.url, appPageUrl)) return true;
  return !target.isMainFrame && (target.url === 'about:srcdoc' || target.url === 'about:blank');
}

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
