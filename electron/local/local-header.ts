// What the store keeps of a message that arrives as raw RFC 5322 (from POP3, later from an
// mbox or .eml import): the envelope for the list, and the text for the search index.
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import type { Address } from '../../shared/domain.ts';
import type { RemoteHeader } from '../imap/imap-types.ts';
import type { BodyText } from '../search/search-repository.ts';
import { htmlToText } from '../search/html-to-text.ts';

export type ParsedLocalMessage = {
  readonly header: Omit<RemoteHeader, 'uid'>;
  readonly bodyText: BodyText;
};

// Mail is hostile input: a source mailparser cannot read is kept with an empty envelope
// (the file itself is never altered), dated when it arrived.
export async function parseLocalMessage(source: Buffer, size: number, receivedAt: number): Promise<ParsedLocalMessage> {
  try {
    const parsed = await simpleParser(source, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const date = parsed.date?.getTime();
    const attachments = parsed.attachments.filter((attachment) => attachment.contentDisposition !== 'inline');
    const text = typeof parsed.text === 'string' ? parsed.text : typeof parsed.html === 'string' ? htmlToText(parsed.html) : '';
    return {
      header: {
        modseq: null,
        messageId: parsed.messageId ?? null,
        subject: parsed.subject ?? '',
        from: toAddresses(parsed.from)[0] ?? null,
        to: toAddresses(parsed.to),
        cc: toAddresses(parsed.cc),
        replyTo: toAddresses(parsed.replyTo),
        date: date !== undefined && Number.isFinite(date) ? date : receivedAt,
        internalDate: receivedAt,
        size,
        systemFlags: [],
        keywords: [],
        hasAttachments: attachments.length > 0,
        bodyStructure: null,
      },
      bodyText: { body: text, fileNames: parsed.attachments.map((attachment, index) => attachment.filename ?? `attachment-${index + 1}`) },
    };
  } catch {
    return {
      header: {
        modseq: null,
        messageId: null,
        subject: '',
        from: null,
        to: [],
        cc: [],
        replyTo: [],
        date: receivedAt,
        internalDate: receivedAt,
        size,
        systemFlags: [],
        keywords: [],
        hasAttachments: false,
        bodyStructure: null,
      },
      bodyText: { body: '', fileNames: [] },
    };
  }
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
