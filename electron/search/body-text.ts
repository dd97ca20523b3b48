import { parseMessage } from '../mime/parse-message.ts';
import { htmlToText } from './html-to-text.ts';
import type { BodyText } from './search-repository.ts';

// What the index keeps of a message's source: its readable text (the text part, or the
// HTML part made text) and its attachments' file names.
export async function bodyTextOf(source: Buffer): Promise<BodyText> {
  const parsed = await parseMessage(source);
  const text = parsed.text ?? (parsed.html === null ? '' : htmlToText(parsed.html));
  return { body: text, fileNames: parsed.attachments.map((attachment) => attachment.fileName) };
}
