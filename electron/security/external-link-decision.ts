// What happens to a link the user clicked: refused (a scheme or form that is never opened),
// shown to the user first (its text shows another host, or its host is an international
// name), or opened. Used by the service's openExternal channel, which every link click in
// the renderer goes through; the renderer shows the confirmation and asks again.
import type { LinkConfirmation } from '../../shared/links/link-confirmation.ts';
import { linkNeedsConfirmation } from './deceptive-link.ts';
import { checkExternalUrl } from './external-url-policy.ts';

export type ExternalLinkDecision =
  | { readonly action: 'refuse'; readonly reason: string }
  | { readonly action: 'confirm'; readonly url: string; readonly confirmation: LinkConfirmation }
  | { readonly action: 'open'; readonly url: string };

export type ExternalLinkRequest = {
  readonly url: string;
  // The link's visible text, when the link was clicked in a message.
  readonly linkText?: string | undefined;
  // The user has seen the confirmation for this link and chose to open it.
  readonly confirmed?: boolean | undefined;
};

export function decideExternalLink(request: ExternalLinkRequest): ExternalLinkDecision {
  const check = checkExternalUrl(request.url);
  if (!check.allowed) return { action: 'refuse', reason: check.reason };
  const confirmation = linkNeedsConfirmation(check.url, request.linkText ?? null);
  if (confirmation !== null && request.confirmed !== true) return { action: 'confirm', url: check.url, confirmation };
  return { action: 'open', url: check.url };
}
