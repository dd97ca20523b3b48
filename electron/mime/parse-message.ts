import { MailParser, simpleParser, type AddressObject, type AttachmentStream, type EmailAddress, type MessageText, type ParsedMail } from 'mailparser';
import type { Address, Attachment } from '../../shared/domain.ts';

export type ParsedMessage = {
  readonly text: string | null;
  readonly html: string | null;
  readonly cc: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly attachments: readonly Attachment[];
};

export type AttachmentData = {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
};

// keepCidLinks: inline images stay as cid: references the renderer resolves through
// getAttachment, rather than multiplying the HTML by every image as a data: URI.
const parserOptions = { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true } as const;

const emptyMessage: ParsedMessage = { text: null, html: null, cc: [], replyTo: [], attachments: [] };

// Mail is hostile input: whatever the source holds, this never throws; a message
// mailparser cannot make sense of comes back with whatever could be read, or empty.
export async function parseMessage(source: Buffer): Promise<ParsedMessage> {
  const parsed = await parseSafely(source);
  if (!parsed) return emptyMessage;
  return {
    text: typeof parsed.text === 'string' ? parsed.text : null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    cc: toAddresses(parsed.cc),
    replyTo: toAddresses(parsed.replyTo),
    attachments: parsed.attachments.map(toAttachment),
  };
}

// What the reader needs of a message, with bounded memory whatever its size (issue 9, hostile
// sizes): attachments are counted as they stream past, never held, and only the first
// maxListed are described. A message whose MIME tree is larger than mailparser's splitter
// accepts (1,000 parts) is read as far as it got, with structureTooLarge set.
export type ReadingParse = ParsedMessage & {
  readonly attachmentCount: number;
  readonly structureTooLarge: boolean;
};

// `source` may be given as pieces read one after another (the search index leaves out a huge
// message's text parts: indexed-text.ts).
export async function parseMessageForReading(source: Buffer | readonly Buffer[], maxListed: number): Promise<ReadingParse> {
  const attachments: Attachment[] = [];
  let count = 0;
  const streamed = await streamParts(source, (attachment, index, size) => {
    count = index + 1;
    if (attachments.length < maxListed) attachments.push(toAttachment({ ...attachment, size }, index));
  });
  return {
    text: streamed.text,
    html: streamed.html,
    cc: toAddresses(addressHeader(streamed.headers, 'cc')),
    replyTo: toAddresses(addressHeader(streamed.headers, 'reply-to')),
    attachments,
    attachmentCount: count,
    structureTooLarge: streamed.failed,
  };
}

// One attachment's bytes, by the id parseMessage gave it; null when there is no such part.
// The other attachments stream past without being kept.
export async function getAttachmentData(source: Buffer, attachmentId: string): Promise<AttachmentData | null> {
  const wanted = attachmentIndex(attachmentId);
  if (wanted === null) return null;
  let found: AttachmentData | null = null;
  await streamParts(
    source,
    (attachment, index, _size, content) => {
      if (index === wanted && content !== null) {
        found = { fileName: fileNameOf(attachment.filename, index), contentType: attachment.contentType, content };
      }
    },
    wanted,
  );
  return found;
}

type StreamedParts = {
  readonly headers: ReadonlyMap<string, unknown> | null;
  readonly text: string | null;
  readonly html: string | null;
  readonly failed: boolean;
};

type OnAttachment = (attachment: AttachmentStream, index: number, size: number, content: Buffer | null) => void;

// mailparser's own streaming parser (simpleParser buffers every attachment): the same
// parts in the same order as simpleParser, so attachment ids agree. keepIndex's content is
// collected; every other attachment is only counted.
function streamParts(source: Buffer | readonly Buffer[], onAttachment: OnAttachment, keepIndex = -1): Promise<StreamedParts> {
  return new Promise((resolve) => {
    // No checksum: nothing here compares attachments, and MD5 over 100 MB costs most of a second.
    const parser = new MailParser({ ...parserOptions, skipHtmlToText: true, checksumAlgo: false });
    let headers: ReadonlyMap<string, unknown> | null = null;
    let text: string | null = null;
    let html: string | null = null;
    let index = 0;
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      resolve({ headers, text, html, failed });
    };
    parser.on('headers', (value: ReadonlyMap<string, unknown>) => {
      headers = value;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        html = typeof data.html === 'string' ? data.html : null;
        // With skipHtmlToText, an HTML-only message comes with text '' rather than none.
        text = typeof data.text === 'string' && (data.text !== '' || html === null) ? data.text : null;
        return;
      }
      const attachment: AttachmentStream = data;
      const mine = index;
      index += 1;
      const chunks: Buffer[] = [];
      let size = 0;
      const content = attachment.content as NodeJS.ReadableStream;
      content.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (mine === keepIndex) chunks.push(chunk);
      });
      content.on('end', () => {
        onAttachment(attachment, mine, size, mine === keepIndex ? Buffer.concat(chunks, size) : null);
        attachment.release?.();
      });
    });
    parser.on('error', () => {
      settle(true);
    });
    parser.on('end', () => {
      settle(false);
    });
    void feed(parser, source);
  });
}

// A megabyte at a time, waiting for the parser to take each: written whole, mailparser's
// splitter copies the entire source once more and its decoders run ahead of the collector
// (a 137 MB message grew the thread by half a gigabyte).
const feedBytes = 1024 * 1024;

async function feed(parser: MailParser, source: Buffer | readonly Buffer[]): Promise<void> {
  for (const piece of Buffer.isBuffer(source) ? [source] : source) {
    if (!(await feedPiece(parser, piece))) return;
  }
  parser.end();
}

// False when the parser stopped (an error) before taking all of it.
async function feedPiece(parser: MailParser, source: Buffer): Promise<boolean> {
  for (let offset = 0; offset < source.length; offset += feedBytes) {
    if (!parser.write(source.subarray(offset, offset + feedBytes))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off('drain', done);
          parser.off('error', done);
          parser.off('close', done);
          resolve();
        };
        parser.on('drain', done);
        parser.on('error', done);
        parser.on('close', done);
      });
    }
    if (parser.destroyed) return false;
  }
  return true;
}

function addressHeader(headers: ReadonlyMap<string, unknown> | null, name: string): AddressObject | undefined {
  const value = headers?.get(name);
  return typeof value === 'object' && value !== null && 'value' in value ? (value as AddressObject) : undefined;
}

async function parseSafely(source: Buffer): Promise<ParsedMail | null> {
  try {
    return await simpleParser(source, parserOptions);
  } catch {
    return null;
  }
}

// Ids follow the order of the parts in the source, so the same source always gives
// the same ids, whether parsed for display now or for a download later.
function attachmentIdOf(index: number): string {
  return `part-${index + 1}`;
}

function attachmentIndex(attachmentId: string): number | null {
  const match = /^part-([1-9][0-9]{0,5})$/.exec(attachmentId);
  return match?.[1] === undefined ? null : Number(match[1]) - 1;
}

type AttachmentFields = Pick<ParsedMail['attachments'][number], 'filename' | 'contentType' | 'size' | 'contentDisposition' | 'related' | 'cid'>;

function toAttachment(attachment: AttachmentFields, index: number): Attachment {
  return {
    id: attachmentIdOf(index),
    fileName: fileNameOf(attachment.filename, index),
    contentType: attachment.contentType,
    size: attachment.size,
    inline: attachment.contentDisposition === 'inline' || attachment.related === true,
    contentId: attachment.cid ?? null,
  };
}

function fileNameOf(fileName: string | undefined, index: number): string {
  const trimmed = fileName?.trim();
  return trimmed !== undefined && trimmed !== '' ? trimmed : `attachment-${index + 1}`;
}

export function toAddresses(field: AddressObject | AddressObject[] | undefined): readonly Address[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => flatten(object.value));
}

// RFC 5322 3.4: a group holds its own mailbox list; list its members, not the group.
function flatten(addresses: readonly EmailAddress[]): Address[] {
  return addresses.flatMap((entry) => {
    if (entry.group) return flatten(entry.group);
    return entry.address ? [{ name: entry.name, address: entry.address }] : [];
  });
}
