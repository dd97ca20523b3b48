import { simpleParser } from 'mailparser';
import { contentTypeOf, headerValue, leavesOf, splitEntity, transferEncodingOf, type Entity } from '../mime/mime-entities.ts';
import { streamedText } from './indexed-text.ts';

// Forwarded mail (a message/rfc822 part, RFC 2046 5.2.1) is searched like the message that
// carries it: its Subject, From and readable text go into the carrier's index row, bounded by
// the room the carrier's own text left. mailparser puts an attached message's text into its
// own only when the part is marked inline, and a huge message's text is read past mailparser
// entirely (indexed-text.ts), so without this a word of a forwarded message was never found.
export const attachedMessageLimits = {
  // Attached messages read per carrier (a digest holds many; a hostile one thousands).
  maxMessages: 100,
  // Forwarded inside forwarded inside ...: deeper ones are not read.
  maxDepth: 3,
  // A header is never megabytes honestly; past this it is cut before it is parsed.
  maxHeaderBytes: 64 * 1024,
} as const;

// As deep as indexed-text.ts splits a multipart.
const maxMultipartDepth = 50;

export type AttachedMessagesOptions = {
  // The most characters to return.
  readonly room: number;
  // Leave out the parts mailparser already read into the text (Content-Disposition: inline).
  readonly skipInline: boolean;
};

function isMessagePart(entity: Entity): boolean {
  const { type } = contentTypeOf(entity.headerText);
  // RFC 6532 3.7: message/global is message/rfc822 with UTF-8 headers.
  if (type !== 'message/rfc822' && type !== 'message/global') return false;
  // RFC 2046 5.2.1 allows only these; a body encoded otherwise is not read.
  return ['7bit', '8bit', 'binary'].includes(transferEncodingOf(entity.headerText));
}

function isInline(entity: Entity): boolean {
  return (headerValue(entity.headerText, 'content-disposition') ?? '').split(';')[0]?.trim().toLowerCase() === 'inline';
}

// "Subject\nFrom", decoded (RFC 2047) by mailparser from the header alone.
async function headerLines(message: Buffer): Promise<string> {
  const { headerText } = splitEntity(message);
  const bounded = Buffer.from(`${headerText.slice(0, attachedMessageLimits.maxHeaderBytes)}\r\n\r\n`, 'latin1');
  try {
    const parsed = await simpleParser(bounded, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    return [parsed.subject ?? '', parsed.from?.text ?? ''].filter((line) => line !== '').join('\n');
  } catch {
    return '';
  }
}

// The text of the messages attached to `source`, in order, each its header lines then its
// readable parts (read a chunk at a time, as a huge message's own: indexed-text.ts), then the
// messages attached to it; at most `room` characters.
export async function attachedMessagesText(source: Buffer, options: AttachedMessagesOptions): Promise<string> {
  const kept: string[] = [];
  let room = options.room;
  let read = 0;
  const visit = async (carrier: Buffer, depth: number, skipInline: boolean): Promise<void> => {
    const parts = leavesOf(splitEntity(carrier), maxMultipartDepth).filter((entity) => isMessagePart(entity) && !(skipInline && isInline(entity)));
    for (const { body: message } of parts) {
      if (room <= 0 || read >= attachedMessageLimits.maxMessages) return;
      read += 1;
      const text = [await headerLines(message), streamedText(message, room).body].filter((piece) => piece !== '').join('\n');
      const piece = text.slice(0, room);
      if (piece !== '') {
        kept.push(piece);
        room -= piece.length + 1;
      }
      if (depth + 1 < attachedMessageLimits.maxDepth) await visit(message, depth + 1, false);
    }
  };
  await visit(source, 0, options.skipInline);
  return kept.join('\n');
}
