// Maps a request path to a file inside the built renderer, refusing anything that could
// reach outside it: dot segments (also percent-encoded), backslashes, NUL, dotfiles.
import path from 'node:path';

const contentTypes: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.ico', 'image/x-icon'],
  ['.woff', 'font/woff'],
  ['.woff2', 'font/woff2'],
  ['.ttf', 'font/ttf'],
]);

export function contentTypeFor(filePath: string): string {
  return contentTypes.get(path.extname(filePath).toLowerCase()) ?? 'application/octet-stream';
}

// Returns the absolute file path for a request target (the part of the URL before any
// query), or null when the path must not be served.
export function resolveStaticPath(staticDir: string, requestPath: string): string | null {
  if (!requestPath.startsWith('/') || requestPath.length > 2048) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(decoded)) return null;
  if (decoded === '/') return path.join(path.resolve(staticDir), 'index.html');
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return null;
  const relative = segments.join('/');
  const root = path.resolve(staticDir);
  const resolved = path.resolve(root, relative);
  // Belt and braces: the checks above already exclude "..", but a resolved path outside
  // the root must never be served whatever the reason.
  return resolved.startsWith(root + path.sep) ? resolved : null;
}
