import { parseMessageForReading } from '../mime/parse-message.ts';
import { attachedMessagesText } from './attached-messages.ts';
import { htmlToText } from './html-to-text.ts';
import { indexedTextLimits, readsInChunks, streamedText, textLayoutOf, withoutTextBodies } from './indexed-text.ts';
import type { BodyText } from './search-repository.ts';

// Issue 9, hostile sizes: what one message may put into the index. Attachments stream past
// (counted, never held), text parts too large to read whole are read a chunk at a time
// (indexed-text.ts), and the text is cut here, so a 50 MB body costs the index, its thread
// and the writer's transaction no more than a few megabytes.
const maxIndexedChars = indexedTextLimits.maxChars;
const maxIndexedFileNames = 1000;

// What the index keeps of a message's source: its readable text (the text part, or the
// HTML part made text), then the text of the messages attached to it (attached-messages.ts),
// and its attachments' file names.
export async function bodyTextOf(source: Buffer): Promise<BodyText> {
  const layout = textLayoutOf(source);
  const chunked = readsInChunks(layout);
  const parsed = await parseMessageForReading(chunked ? withoutTextBodies(source, layout) : source, maxIndexedFileNames);
  const own = chunked
    ? streamedText(source).body
    : (parsed.text ?? (parsed.html === null ? '' : htmlToText(parsed.html.slice(0, maxIndexedChars)))).slice(0, maxIndexedChars);
  // Read whole, mailparser already put an inline attached message's text into its own.
  const attached = await attachedMessagesText(source, { room: maxIndexedChars - own.length - 1, skipInline: !chunked, ownTextFromTextParts: parsed.text !== null });
  return { body: [own, attached].filter((text) => text !== '').join('\n'), fileNames: parsed.attachments.map((attachment) => attachment.fileName) };
}
