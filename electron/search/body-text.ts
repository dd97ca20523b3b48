import { parseMessageForReading } from '../mime/parse-message.ts';
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
// HTML part made text) and its attachments' file names.
export async function bodyTextOf(source: Buffer): Promise<BodyText> {
  const layout = textLayoutOf(source);
  if (readsInChunks(layout)) {
    const parsed = await parseMessageForReading(withoutTextBodies(source, layout), maxIndexedFileNames);
    return { body: streamedText(source).body, fileNames: parsed.attachments.map((attachment) => attachment.fileName) };
  }
  const parsed = await parseMessageForReading(source, maxIndexedFileNames);
  const text = parsed.text ?? (parsed.html === null ? '' : htmlToText(parsed.html.slice(0, maxIndexedChars)));
  return { body: text.slice(0, maxIndexedChars), fileNames: parsed.attachments.map((attachment) => attachment.fileName) };
}
