import type { LetterboxApi } from '../../../shared/api.ts';
import type { LinkConfirmation } from '../../../shared/links/link-confirmation.ts';

export type OpenLinkOptions = {
  // Asks the user about a link main would not open unasked; true to open it anyway.
  readonly confirm: (confirmation: LinkConfirmation) => Promise<boolean>;
  // Browser mode opens the (already checked) URL itself, in a tab that cannot reach back.
  readonly openInBrowser?: (url: string) => void;
};

function openInNewTab(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

// Main decides which URLs may be opened and which must be confirmed first (its text shows
// another host, or the host is an international name); the page only shows the question.
// Electron opens the link in the system browser; browser mode answers opened:false.
// Returns an error message to show, or null.
export async function openLink(api: LetterboxApi, link: { readonly url: string; readonly text: string }, options: OpenLinkOptions): Promise<string | null> {
  const linkText = link.text.slice(0, 10_000);
  let result = await api.invoke('openExternal', { url: link.url, linkText });
  if (!result.ok) return result.error.message;
  if (result.value.confirm !== null) {
    if (!(await options.confirm(result.value.confirm))) return null;
    result = await api.invoke('openExternal', { url: link.url, linkText, confirmed: true });
    if (!result.ok) return result.error.message;
  }
  if (!result.value.opened) (options.openInBrowser ?? openInNewTab)(result.value.url);
  return null;
}
