// Argument schemas of the composer channels (shared/contract.ts).
import { z } from 'zod';
import { isBase64Text } from '../base64-text.ts';

const id = z.string().min(1).max(200);

// An attachment's bytes cross the boundary as base64; this bounds one message's files.
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
const maxBase64Length = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

const addressList = z.array(z.string().trim().min(1).max(998)).max(500, 'Send to at most 500 addresses at once').readonly();
// Message-IDs as RFC 5322 3.6.4 writes them, "<left@right>".
const messageIdText = z.string().max(998).regex(/^<[^<>\s]+>$/, 'A Message-ID looks like <id@host>');

export const composeAttachmentSchema = z
  .object({
    fileName: z.string().min(1).max(255),
    contentType: z.string().min(3).max(255).regex(/^[\w.+-]+\/[\w.+-]+$/, 'Not a media type'),
    base64: z.string().max(maxBase64Length).refine(isBase64Text, 'Attachment bytes must be base64'),
  })
  .strict();

export const composeFieldsSchema = z
  .object({
    accountId: id,
    to: addressList,
    cc: addressList,
    bcc: addressList,
    // RFC 5322 2.1.1: no line may exceed 998 characters; a subject is one line.
    subject: z.string().max(900).regex(/^[^\r\n]*$/, 'The subject must be one line'),
    body: z.string().max(10 * 1024 * 1024),
    // Rich text from the composer's editor; main sanitises it (rich-text.ts) and derives the text part.
    html: z.string().max(10 * 1024 * 1024).optional(),
    attachments: z
      .array(composeAttachmentSchema)
      .max(100)
      .refine((files) => files.reduce((sum, file) => sum + file.base64.length, 0) <= maxBase64Length, {
        error: `Attachments may add up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
      })
      .readonly(),
    relation: z.object({ kind: z.enum(['reply', 'forward']), messageId: id }).strict().nullable(),
    inReplyTo: messageIdText.nullable(),
    references: z.array(messageIdText).max(100).readonly(),
  })
  .strict();

export const sendMessageSchema = z.object({ message: composeFieldsSchema, draftId: id.nullable() }).strict();

export const saveDraftSchema = z.object({ message: composeFieldsSchema, draftId: id.nullable() }).strict();

export const draftIdSchema = z.object({ draftId: id }).strict();

export const prepareReplySchema = z
  .object({
    messageId: id,
    mode: z.enum(['reply', 'replyAll', 'forward', 'forwardAsAttachment']),
    // The original made plain text by the renderer's mail pipeline (ui/mail-html), the same
    // sanitiser the reader uses; without it main quotes the text part as it stands.
    quotedText: z.string().max(5_000_000).optional(),
  })
  .strict();

export const outboxIdSchema = z.object({ outboxId: id }).strict();

export const suggestAddressesSchema = z.object({ query: z.string().max(320), limit: z.number().int().min(1).max(50) }).strict();

// A draft by its local id (the drafts list) or by the message in a Drafts folder.
export const openDraftSchema = z.union([z.object({ draftId: id }).strict(), z.object({ messageId: id }).strict()]);

export const resolveHeldSchema = z.object({ outboxId: id, choice: z.enum(['sendAgain', 'moveToDrafts']) }).strict();

// Undo send: 0 turns it off; at most a minute, as the message is only held back that long.
export const sendDelaySchema = z.object({ seconds: z.number().int().min(0).max(60) }).strict();

// A separate password for the outgoing server; null goes back to the account's one password.
export const outgoingPasswordSchema = z.object({ accountId: id, password: z.string().min(1).max(1000).nullable() }).strict();
