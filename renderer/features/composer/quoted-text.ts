import type { LetterboxApi } from '../../../shared/api.ts';
import type { ReplyMode } from '../../../shared/compose/compose-types.ts';
import { mailPartsToText } from '../../ui/mail-html/index.ts';

// The text a reply or forward quotes: the original's parts made plain text by the mail
// pipeline (each part sanitised on its own), so a quote never carries markup or a part
// that swallowed another. Undefined lets main quote the text part itself.
export async function quotedTextFor(api: LetterboxApi, messageId: string, mode: ReplyMode): Promise<string | undefined> {
  if (mode === 'forwardAsAttachment') return undefined;
  const result = await api.invoke('getMessage', { messageId });
  if (!result.ok || result.value.bodyParts.length === 0) return undefined;
  return mailPartsToText(result.value.bodyParts);
}
