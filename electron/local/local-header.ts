// What the store keeps of a message that arrives as raw RFC 5322 (from POP3, a save or move
// to Local Folders, an mbox or .eml import): the envelope for the list, and the text for the
// search index. Issue 9, hostile sizes: mailparser over the whole source held the main thread
// for seconds on a 100 MB message and kept its parts in memory; now the envelope is read from
// the header alone, the text as the search index reads any source (body-text.ts, bounded),
// and the whole runs on a body text thread (readLocalMessage, body-text-pool.ts).
import { simpleParser } from 'mailparser';
import type { RemoteHeader } from '../imap/imap-types.ts';
import { headerValue, isAttachment, leavesOf, splitEntity, type Entity } from '../mime/mime-entities.ts';
import { toAddresses } from '../mime/parse-message.ts';
import { bodyTextOf } from '../search/body-text.ts';
import type { BodyText } from '../search/search-repository.ts';

export type ParsedLocalMessage = {
  readonly header: Omit<RemoteHeader, 'uid'>;
  readonly bodyText: BodyText;
};

// A header is never megabytes honestly: past this the rest is not read for the envelope.
export const maxLocalHeaderBytes = 256 * 1024;
// As deep as the search index splits a multipart (indexed-text.ts).
const maxDepth = 50;

// Mail is hostile input: a source mailparser cannot read is kept with an empty envelope
// (the file itself is never altered), dated when it arrived. Runs on any thread.
export async function parseLocalMessage(source: Buffer, size: number, receivedAt: number): Promise<ParsedLocalMessage> {
  const header = await parseLocalHeader(source, size, receivedAt);
  try {
    return { header: { ...header, hasAttachments: leavesOf(splitEntity(source), maxDepth).some(isAttachmentLeaf) }, bodyText: await bodyTextOf(source) };
  } catch {
    return { header, bodyText: emptyText };
  }
}

const emptyText: BodyText = { body: '', fileNames: [] };

// The envelope alone, from at most maxLocalHeaderBytes of the source: cheap enough for the
// main thread when a body text thread could not read the message.
export async function parseLocalHeader(source: Buffer, size: number, receivedAt: number): Promise<Omit<RemoteHeader, 'uid'>> {
  const empty = {
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
  };
  try {
    const { headerText } = splitEntity(source.subarray(0, maxLocalHeaderBytes));
    const parsed = await simpleParser(Buffer.from(`${headerText}\r\n\r\n`, 'latin1'), { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const date = parsed.date?.getTime();
    return {
      ...empty,
      messageId: parsed.messageId ?? null,
      subject: parsed.subject ?? '',
      from: toAddresses(parsed.from)[0] ?? null,
      to: toAddresses(parsed.to),
      cc: toAddresses(parsed.cc),
      replyTo: toAddresses(parsed.replyTo),
      date: date !== undefined && Number.isFinite(date) ? date : receivedAt,
    };
  } catch {
    return empty;
  }
}

// The rule IMAP accounts apply to BODYSTRUCTURE (map-fetched-header.ts hasAttachment), so a
// message saved locally keeps the paperclip it had on the server: a part that is an
// attachment by its disposition, or that has a file name.
function isAttachmentLeaf(leaf: Entity): boolean {
  if (isAttachment(leaf.headerText)) return true;
  const named = /;\s*(?:file)?name(?:\*\d+)?\*?\s*=/i;
  return named.test(headerValue(leaf.headerText, 'content-disposition') ?? '') || named.test(headerValue(leaf.headerText, 'content-type') ?? '');
}
