import type { LinkConfirmation } from '../../../shared/links/link-confirmation.ts';

// What the ask-first dialog says. The real host is always shown as main normalised it
// (punycode for international names), never as the message wrote it.
export function linkConfirmationText(confirmation: LinkConfirmation): { readonly title: string; readonly explanation: string } {
  if (confirmation.reason === 'different-host') {
    return {
      title: 'This link leads somewhere else',
      explanation: `The link’s text shows ${confirmation.shownHost ?? 'another address'}, but it leads to ${confirmation.host}. Messages that try to steal passwords do this.`,
    };
  }
  return {
    title: 'Check this link’s address',
    explanation: `The link leads to ${confirmation.host}, an international name. Such names can be made to look like a familiar one letter by letter, so this is the name as it really is.`,
  };
}
