// The service's openExternal channel: the link decision, then the transport's opener.
import { LetterboxError } from '../../shared/errors.ts';
import type { LinkConfirmation } from '../../shared/links/link-confirmation.ts';
import { decideExternalLink, type ExternalLinkRequest } from './external-link-decision.ts';

export type OpenExternalResult = { readonly opened: boolean; readonly url: string; readonly confirm: LinkConfirmation | null };

export function createOpenExternalHandler(openExternal: (url: string) => Promise<boolean>): (request: ExternalLinkRequest) => Promise<OpenExternalResult> {
  return async function handleOpenExternal(request) {
    const decision = decideExternalLink(request);
    switch (decision.action) {
      case 'refuse':
        throw new LetterboxError('invalid-argument', decision.reason);
      case 'confirm':
        return { opened: false, url: decision.url, confirm: decision.confirmation };
      case 'open':
        return { opened: await openExternal(decision.url), url: decision.url, confirm: null };
    }
  };
}
