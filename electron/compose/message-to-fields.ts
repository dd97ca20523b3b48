// A stored message back into the composer's fields: a draft from the Drafts folder, or a
// message taken back from the outbox (Undo, "Move to drafts"). The composer writes plain
// text or rich text; an HTML part comes back as rich text within the composer's allow-list.
import { simpleParser, type AddressObject } from 'mailparser';
import type { ComposeAttachment, ComposeFields, ComposeRelation } from '../../shared/compose/compose-types.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { htmlToText } from '../search/html-to-text.ts';
import { MAX_ATTACHMENT_BYTES } from '../../shared/compose/compose-schemas.ts';
import { sanitizeRichHtml } from '../../shared/compose/rich-text.ts';

export type FieldsContext = {
  readonly accountId: string;
  readonly relation: ComposeRelation | null;
  // The SMTP envelope of an outbox entry: recipients in it but in no header were Bcc.
  readonly envelopeRecipients?: readonly string[];
};

// RFC 5322 3.2.3: a display name with specials is written as a quoted string.
function mailbox(name: string, address: string): string {
  if (name.trim() === '') return address;
  const quoted = /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
  return `${quoted} <${address}>`;
}

function entries(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const result: string[] = [];
  for (const object of objects) {
    for (const item of object.value) {
      // A group (RFC 5322 3.4) lists its members.
      for (const member of item.group ?? [item]) {
        if (typeof member.address === 'string' && member.address !== '') result.push(mailbox(member.name, member.address));
      }
    }
  }
  return result;
}

function addressOf(entry: string): string {
  return (/<([^>]+)>\s*$/.exec(entry)?.[1] ?? entry).toLowerCase();
}

function messageIds(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((item) => item.match(/<[^<>\s]+>/g) ?? []);
}

export async function messageToFields(raw: Buffer, context: FieldsContext): Promise<ComposeFields> {
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
  } catch {
    throw new LetterboxError('invalid-argument', 'This message cannot be read back into the composer.');
  }
  const to = entries(parsed.to);
  const cc = entries(parsed.cc);
  const bcc = entries(parsed.bcc);
  const inHeaders = new Set([...to, ...cc, ...bcc].map(addressOf));
  for (const recipient of context.envelopeRecipients ?? []) {
    if (!inHeaders.has(recipient.toLowerCase())) bcc.push(recipient);
  }
  const attachments: ComposeAttachment[] = [];
  let total = 0;
  for (const file of parsed.attachments) {
    total += file.content.length;
    if (total > MAX_ATTACHMENT_BYTES) break;
    attachments.push({
      fileName: file.filename ?? `attachment-${String(attachments.length + 1)}`,
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType) ? file.contentType : 'application/octet-stream',
      base64: file.content.toString('base64'),
    });
  }
  const text = typeof parsed.text === 'string' ? parsed.text : typeof parsed.html === 'string' ? htmlToText(parsed.html) : '';
  const inReplyTo = messageIds(parsed.inReplyTo)[0] ?? null;
  return {
    accountId: context.accountId,
    to,
    cc,
    bcc,
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' '),
    body: text.replace(/\r\n/g, '\n'),
    // A rich message comes back rich, through the same allow-list as anything the editor shows.
    ...(typeof parsed.html === 'string' ? { html: sanitizeRichHtml(parsed.html) } : {}),
    attachments,
    relation: context.relation,
    inReplyTo,
    references: messageIds(parsed.references).slice(-100),
  };
}
