// Which requests the window's session lets through (session.webRequest.onBeforeRequest).
// Deny by default: the app's own files, in-memory data, and, only while the user has let
// the shown message load remote content, remote images. Everything else is cancelled, so a
// tracking pixel, a remote font or a stylesheet in a message reaches no server even if the
// sanitiser and the message frame's CSP both missed it.

// Electron's resourceType values (webRequest details).
export type ResourceType =
  | 'mainFrame'
  | 'subFrame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xhr'
  | 'ping'
  | 'cspReport'
  | 'media'
  | 'webSocket'
  | 'other';

export type NetworkRequest = { readonly url: string; readonly resourceType: string };

export type NetworkPolicy = {
  // The app page: file:///…/dist/renderer/index.html in Electron.
  readonly appPageUrl: string;
  // The user allowed remote content for the message the reader shows now.
  readonly remoteImagesAllowed: boolean;
};

export type NetworkDecision = { readonly allow: boolean; readonly reason: string };

export function decideNetworkRequest(request: NetworkRequest, policy: NetworkPolicy): NetworkDecision {
  const target = parse(request.url);
  const app = parse(policy.appPageUrl);
  if (target === null || app === null) return deny('not a URL');
  if (target.username !== '' || target.password !== '') return deny('carries a user name or password');
  switch (target.protocol) {
    case 'file:':
      return app.protocol === 'file:' && isInsideAppDirectory(target, app) ? allow('the app’s own file') : deny('a file outside the app');
    case 'data:':
    case 'blob:':
      // Never leave the machine; a data: or blob: page of its own is stopped by the navigation guard.
      return request.resourceType === 'mainFrame' ? deny('a data page in the main frame') : allow('in-memory data');
    case 'devtools:':
      return allow('the developer tools’ own files');
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      if (app.protocol !== 'file:' && sameOrigin(target, app)) return allow('the app’s own origin');
      if (request.resourceType === 'image' && policy.remoteImagesAllowed && (target.protocol === 'http:' || target.protocol === 'https:')) {
        return allow('a remote image the user allowed');
      }
      return deny(policy.remoteImagesAllowed ? 'only images are loaded from remote servers' : 'remote content is blocked');
    default:
      return deny(`the scheme ${target.protocol}`);
  }
}

function isInsideAppDirectory(target: URL, app: URL): boolean {
  if (target.host !== app.host) return false;
  // Encoded separators and NULs would be decoded by the file loader after this check.
  if (/%(?:2f|5c|00)/i.test(target.pathname)) return false;
  const directory = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1);
  // The URL parser has already resolved "." and ".." segments (also %2e-encoded ones).
  return directory.length > 1 && target.pathname.startsWith(directory);
}

function sameOrigin(target: URL, app: URL): boolean {
  const scheme = (protocol: string) => (protocol === 'ws:' ? 'http:' : protocol === 'wss:' ? 'https:' : protocol);
  return scheme(target.protocol) === app.protocol && target.host === app.host;
}

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 2 * 1024 * 1024) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function allow(reason: string): NetworkDecision {
  return { allow: true, reason };
}

function deny(reason: string): NetworkDecision {
  return { allow: false, reason };
}
