import { simpleParser } from 'mailparser';
import { transferDecodedPrefix } from '../mime/decoded-chunks.ts';
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
  // A message part in base64 or quoted-printable (RFC 2046 forbids it; mail clients and
  // gateways send it anyway) is decoded before it is read: at most this many decoded bytes,
  // all such parts of a carrier together. Its text comes first in honest mail, and the index
  // takes at most 4 Mi characters of it anyway.
  maxDecodedBytes: 16 * 1024 * 1024,
} as const;

// RFC 2046 5.2.1 allows only the identity encodings on a message part; these are read too.
const identityEncodings = ['7bit', '8bit', 'binary'];
const decodedEncodings = ['base64', 'quoted-printable'];

// As deep as indexed-text.ts splits a multipart.
const maxMultipartDepth = 50;

export type AttachedMessagesOptions = {
  // The most characters to return.
  readonly room: number;
  // Leave out the parts mailparser already read into the text (Content-Disposition: inline).
  readonly skipInline: boolean;
  // The carrier's own text is mailparser's text (there is a text/plain part somewhere), not
  // its HTML: an inline forward's HTML-only body is then in neither, and is read here (its
  // header lines are in that text already).
  readonly ownTextFromTextParts?: boolean;
};

function isMessagePart(entity: Entity): boolean {
  const { type } = contentTypeOf(entity.headerText);
  // RFC 6532 3.7: message/global is message/rfc822 with UTF-8 headers.
  if (type !== 'message/rfc822' && type !== 'message/global') return false;
  // Another encoding (x-uuencode, a typo) is not read.
  const encoding = transferEncodingOf(entity.headerText);
  return identityEncodings.includes(encoding) || decodedEncodings.includes(encoding);
}

// What mailparser read into the text itself (@zone-eu/mailsplit, message-splitter.js): a
// message/rfc822 part marked inline in an identity encoding.
function readByMailparser(entity: Entity): boolean {
  return (
    contentTypeOf(entity.headerText).type === 'message/rfc822' &&
    identityEncodings.includes(transferEncodingOf(entity.headerText)) &&
    (headerValue(entity.headerText, 'content-disposition') ?? '').split(';')[0]?.trim().toLowerCase() === 'inline'
  );
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

function hasPlainText(message: Buffer): boolean {
  return leavesOf(splitEntity(message), maxMultipartDepth).some((leaf) => contentTypeOf(leaf.headerText).type === 'text/plain');
}

// The text of the messages attached to `source`, in order, each its header lines then its
// readable parts (read a chunk at a time, as a huge message's own: indexed-text.ts), then the
// messages attached to it; at most `room` characters.
export async function attachedMessagesText(source: Buffer, options: AttachedMessagesOptions): Promise<string> {
  const kept: string[] = [];
  let room = options.room;
  let read = 0;
  let decodable = attachedMessageLimits.maxDecodedBytes;
  // The message inside the part, its transfer encoding undone within what is left to decode.
  const messageOf = (part: Entity): Buffer => {
    if (identityEncodings.includes(transferEncodingOf(part.headerText))) return part.body;
    const decoded = transferDecodedPrefix(part, decodable);
    decodable -= decoded.length;
    return decoded;
  };
  const visit = async (carrier: Buffer, depth: number, skipInline: boolean): Promise<void> => {
    const parts = leavesOf(splitEntity(carrier), maxMultipartDepth).filter(isMessagePart);
    for (const part of parts) {
      if (room <= 0 || read >= attachedMessageLimits.maxMessages) return;
      const readBefore = skipInline && readByMailparser(part);
      if (readBefore && (options.ownTextFromTextParts !== true || hasPlainText(part.body))) continue;
      read += 1;
      const message = messageOf(part);
      const text = [readBefore ? '' : await headerLines(message), streamedText(message, room).body].filter((piece) => piece !== '').join('\n');
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
