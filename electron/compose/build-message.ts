import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposeFields } from '../../shared/compose/compose-types.ts';
import type { Address } from '../../shared/domain.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { richHtmlToText, sanitizeRichHtml } from '../../shared/compose/rich-text.ts';
import type { SmtpEnvelope } from '../smtp/smtp-types.ts';

export type Identity = { readonly name: string; readonly email: string };

export type BuiltMessage = {
  readonly raw: Buffer;
  readonly envelope: SmtpEnvelope;
  readonly messageId: string;
};

// RFC 5322 3.6.4: unique for ever; the right side names the sender's domain.
export function newMessageId(email: string): string {
  const domain = email.split('@')[1] ?? 'letterbox.invalid';
  return `<${randomUUID()}@${domain.replace(/[^A-Za-z0-9.-]/g, '') || 'letterbox.invalid'}>`;
}

// "Ann <ann@example.org>, bob@example.org" entries into mailboxes, refusing what is not one.
export function parseRecipients(entries: readonly string[]): readonly Address[] {
  const result: Address[] = [];
  for (const entry of entries) {
    for (const parsed of addressparser(entry, { flatten: true })) {
      const address = 'address' in parsed && typeof parsed.address === 'string' ? parsed.address.trim() : '';
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) {
        throw new LetterboxError('invalid-argument', `"${entry.slice(0, 80)}" is not an email address. Correct it and send again.`);
      }
      result.push({ name: parsed.name, address });
    }
  }
  return result;
}

export type BuildOptions = {
  readonly identity: Identity;
  readonly fields: ComposeFields;
  readonly messageId: string;
  readonly date: Date;
  // A draft keeps its Bcc header, so reopening it shows every recipient.
  readonly draft?: boolean;
};

// The RFC 5322 message as it is sent, stored in the outbox and appended to Sent: one set
// of bytes for all three, so the Sent copy is exactly what the recipients got.
export async function buildMessage(options: BuildOptions): Promise<BuiltMessage> {
  const { identity, fields } = options;
  const to = parseRecipients(fields.to);
  const cc = parseRecipients(fields.cc);
  const bcc = parseRecipients(fields.bcc);
  const recipients = [...to, ...cc, ...bcc].map((entry) => entry.address);
  if (!options.draft && recipients.length === 0) {
    throw new LetterboxError('invalid-argument', 'Add at least one recipient in To, Cc or Bcc.');
  }
  // The renderer is not trusted: its HTML goes out only through the allow-list, and the
  // text part is written from what is left, so both parts say the same (RFC 2046 5.1.4).
  const html = fields.html === undefined ? null : sanitizeRichHtml(fields.html);
  const text = html === null ? fields.body : richHtmlToText(html);
  const composer = new MailComposer({
    // An account whose name was left as its address (the Add account form's default) sends
    // a bare address, not "alice@example.org" <alice@example.org>.
    from: displayName(identity) === null ? identity.email : { name: identity.name, address: identity.email },
    to: to.map((entry) => ({ ...entry })),
    cc: cc.map((entry) => ({ ...entry })),
    bcc: bcc.map((entry) => ({ ...entry })),
    subject: fields.subject,
    messageId: options.messageId,
    date: options.date,
    // RFC 5322 2.3: lines end in CRLF; the composer writes them so for the text.
    text: text.replace(/\r?\n/g, '\r\n'),
    ...(html === null ? {} : { html: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${html}</body></html>` }),
    ...(fields.inReplyTo === null ? {} : { inReplyTo: fields.inReplyTo }),
    ...(fields.references.length === 0 ? {} : { references: [...fields.references] }),
    attachments: fields.attachments.map((file) => ({
      filename: file.fileName,
      contentType: file.contentType,
      content: Buffer.from(file.base64, 'base64'),
    })),
  });
  const node = composer.compile();
  node.keepBcc = options.draft === true;
  const raw = await node.build();
  return { raw, envelope: { from: identity.email, to: [...new Set(recipients)] }, messageId: options.messageId };
}

function displayName(identity: { readonly name: string; readonly email: string }): string | null {
  const name = identity.name.trim();
  return name === '' || name.toLowerCase() === identity.email.trim().toLowerCase() ? null : name;
}
