import type { Address, Attachment, BodyPart } from '../../shared/domain.ts';
import { bodyPartLimits, readBodyParts } from './body-parts.ts';
import { nestsDeeperThan } from './html-nesting-depth.ts';
import { parseMessageForReading } from './parse-message.ts';
import { indexedTextLimits, indexHoldsOnlyStart } from '../search/indexed-text.ts';

// What the reader is handed of a message's source, bounded whatever the source holds (issue
// 9, hostile sizes): at most bodyPartLimits' characters of parts, the first maxListed
// attachments (sizes and names, never bytes), and a notice saying what was left out and why.
// Runs on a message view thread (message-view-pool.ts), never on the main thread.
export type MessageView = {
  readonly text: string | null;
  readonly html: string | null;
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly attachments: readonly Attachment[];
  readonly bodyParts: readonly BodyPart[];
  readonly notice: string | null;
};

export const maxListedAttachments = 500;

const saveHint = 'Save as .eml keeps all of it, to open in another program.';
// The search index holds at most indexedTextLimits.maxChars of a message's text (indexed-text.ts).
const searchedStart = `Search finds words only in the first ${indexedTextLimits.maxChars / (1024 * 1024)} MB of its text.`;

export async function messageViewOf(source: Buffer): Promise<MessageView> {
  const parsed = await parseMessageForReading(source, maxListedAttachments);
  const parts = await readBodyParts(source);
  const html = parsed.html !== null && parsed.html.length <= bodyPartLimits.maxHtmlChars && !nestsDeeperThan(parsed.html) ? parsed.html : null;
  const text = parsed.text === null || parsed.text.length <= bodyPartLimits.maxTextChars ? parsed.text : parsed.text.slice(0, bodyPartLimits.maxTextChars);
  const notes: string[] = [];
  if (parts.tooLarge > 0) notes.push('This message is too large to show formatted: its text is shown instead, shortened.');
  if (parts.tooDeep > 0) notes.push('This message nests its formatting too deeply to show: its text is shown instead.');
  if (parts.notShown > 0) notes.push(`${count(parts.notShown, 'more part')} of this message ${parts.notShown === 1 ? 'is' : 'are'} not shown.`);
  if (indexHoldsOnlyStart(source)) notes.push(searchedStart);
  if (parsed.structureTooLarge) notes.push('This message has more parts than Letterbox reads: its attachments are not all listed.');
  else if (parsed.attachmentCount > parsed.attachments.length) {
    notes.push(`Only the first ${parsed.attachments.length} of its ${parsed.attachmentCount} attachments are listed.`);
  }
  return {
    text,
    html,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    attachments: parsed.attachments,
    bodyParts: parts.parts,
    notice: notes.length === 0 ? null : `${notes.join(' ')} ${saveHint}`,
  };
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
