import { sanitizeRichHtml, textToRichHtml } from '../../shared/compose/rich-text.ts';
import type { BodyPart } from '../../shared/domain.ts';

// What a reply to HTML mail quotes in rich text: each readable part through the allow-list
// on its own, as the reader shows them, so no part can open markup another part closes
// (EFAIL's direct exfiltration). Null for mail without an HTML part: its reply stays plain.
export function richQuote(parts: readonly BodyPart[]): string | null {
  if (!parts.some((part) => part.kind === 'html')) return null;
  return parts.map((part) => (part.kind === 'html' ? sanitizeRichHtml(part.html) : textToRichHtml(part.text))).join('');
}
