import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
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

// One attachment's bytes, by the id parseMessage gave it; null when there is no such part.
export async function getAttachmentData(source: Buffer, attachmentId: string): Promise<AttachmentData | null> {
  const parsed = await parseSafely(source);
  if (!parsed) return null;
  const index = attachmentIndex(attachmentId);
  const attachment = index === null ? undefined : parsed.attachments[index];
  if (!attachment) return null;
  return {
    fileName: fileNameOf(attachment.filename, index ?? 0),
    contentType: attachment.contentType,
    content: attachment.content,
  };
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

function toAttachment(attachment: ParsedMail['attachments'][number], index: number): Attachment {
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

function toAddresses(field: AddressObject | AddressObject[] | undefined): readonly Address[] {
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
