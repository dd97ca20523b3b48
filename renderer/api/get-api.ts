// Electron's preload exposes window.letterbox; in a plain browser the page talks
// to the browser-mode server over a WebSocket with the same API type.
import type { LetterboxApi } from '../../shared/api.ts';
import { createWsClient } from './ws-client.ts';
import { socketUrl, tokenFromHash } from './ws-protocol.ts';

export type ApiLookup = { readonly kind: 'ready'; readonly api: LetterboxApi } | { readonly kind: 'missing-token' };

export function getApi(): ApiLookup {
  const exposed = (window as Window & { readonly letterbox?: LetterboxApi }).letterbox;
  if (exposed !== undefined) return { kind: 'ready', api: exposed };
  const token = tokenFromHash(window.location.hash);
  if (token === null) return { kind: 'missing-token' };
  const api = createWsClient({
    url: socketUrl(window.location.host, token),
    createSocket: (url) => new WebSocket(url),
  });
  return { kind: 'ready', api };
}
