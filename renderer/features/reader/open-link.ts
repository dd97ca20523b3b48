import type { LetterboxApi } from '../../../shared/api.ts';

// Main decides which URLs may be opened. Electron opens them in the system browser;
// browser mode answers opened:false and the page opens a new tab that cannot reach back.
export async function openLink(api: LetterboxApi, url: string): Promise<string | null> {
  const result = await api.invoke('openExternal', { url });
  if (!result.ok) return result.error.message;
  if (!result.value.opened) window.open(result.value.url, '_blank', 'noopener,noreferrer');
  return null;
}
