// Runtime schemas for every request argument. Main parses each request with these
// before acting, so a compromised or buggy renderer gets a clear error, never a crash.
import { z } from 'zod';

const id = z.string().min(1).max(200);

// A hostname or an IP literal; no spaces, no URL syntax.
const host = z
  .string()
  .trim()
  .min(1, 'Enter the server name')
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'The server name may hold only letters, digits, dots, hyphens and colons');

const port = z.number().int().min(1, 'Ports run from 1 to 65535').max(65535, 'Ports run from 1 to 65535');

export const securitySchema = z.enum(['tls', 'starttls', 'none']);

// Strict like every argument object: an unknown key is refused, never silently dropped.
export const serverSettingsSchema = z
  .object({
    host,
    port,
    security: securitySchema,
    username: z.string().min(1, 'Enter the username').max(320),
  })
  .strict();

export const noArgsSchema = z.object({}).strict();

const accountFields = {
  name: z.string().max(200).optional(),
  email: z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'Enter an email address like name@example.org'),
  password: z.string().min(1, 'Enter the password').max(1000),
  incoming: serverSettingsSchema,
  outgoing: serverSettingsSchema.nullable(),
  // The user agreed to keep the password where no keyring protects it (getPasswordStorage
  // answered askBeforeStoring); without it such a password is not stored.
  storePasswordWithoutKeyring: z.boolean().optional(),
  // When the outgoing server takes another password than the incoming one.
  outgoingPassword: z.string().min(1).max(1000).optional(),
};

export const imapAccountSchema = z.object({ kind: z.literal('imap'), ...accountFields }).strict();

// Where a POP3 account's mail lives (electron/pop3-sync/pop3-policy.ts); omitted fields take
// the defaults: leave on server, never delete, download every message whole, check every 10 min.
export const pop3PolicySchema = z
  .object({
    leaveOnServer: z.boolean().optional(),
    deleteAfterDays: z.number().int().min(0, 'Days run from 0').max(3650, 'Keep mail at most ten years').nullable().optional(),
    deleteWhenDeletedHere: z.boolean().optional(),
    maxMessageBytes: z.number().int().min(1024, 'The size limit must be at least 1 KB').max(2 ** 31).nullable().optional(),
    checkIntervalSeconds: z.number().int().min(30, 'Check at most every 30 seconds').max(86_400, 'Check at least once a day').optional(),
  })
  .strict();

export const pop3AccountSchema = z.object({ kind: z.literal('pop3'), ...accountFields, pop3: pop3PolicySchema.optional() }).strict();

export const addAccountSchema = z.discriminatedUnion('kind', [imapAccountSchema, pop3AccountSchema]);

export const accountIdSchema = z.object({ accountId: id }).strict();
export const folderIdSchema = z.object({ folderId: id }).strict();
export const messageIdSchema = z.object({ messageId: id }).strict();

export const listMessagesSchema = z
  .object({
    folderId: id,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(1000),
  })
  .strict();

export const attachmentRequestSchema = z.object({ messageId: id, attachmentId: id }).strict();

// linkText: what the clicked link showed, so main can ask first when it names another host
// (electron/security/deceptive-link.ts); confirmed: the user saw that question and agreed.
export const openExternalSchema = z
  .object({ url: z.string().min(1).max(8192), linkText: z.string().max(10_000).optional(), confirmed: z.boolean().optional() })
  .strict();

// Message actions: at most 10,000 messages per request (a select-all of a big folder is
// sent in slices by the renderer), each id bounded like every other id.
const messageIdList = z.array(id).min(1, 'Choose at least one message').max(10_000, 'Act on at most 10,000 messages at once');

export const setFlagsSchema = z
  .object({
    messageIds: messageIdList,
    seen: z.boolean().optional(),
    flagged: z.boolean().optional(),
    junk: z.boolean().optional(),
  })
  .strict()
  .refine((args) => args.seen !== undefined || args.flagged !== undefined || args.junk !== undefined, {
    error: 'Say which flag to change',
  });

export const messageIdsSchema = z.object({ messageIds: messageIdList }).strict();

export const moveMessagesSchema = z.object({ messageIds: messageIdList, targetFolderId: id }).strict();

// Sync: the folder the window shows (watched with IDLE besides the Inbox), "Work offline",
// and how often an account's other folders are checked (30 s to a day).
export const viewedFolderSchema = z.object({ folderId: id.nullable() }).strict();
export const workOfflineSchema = z.object({ offline: z.boolean() }).strict();
export const checkIntervalSchema = z
  .object({
    accountId: id,
    seconds: z.number().int().min(30, 'Check at most every 30 seconds').max(86_400, 'Check at least once a day'),
  })
  .strict();

export type AddAccountArgs = z.infer<typeof addAccountSchema>;
export type Pop3AccountArgs = z.infer<typeof pop3AccountSchema>;
export type ListMessagesArgs = z.infer<typeof listMessagesSchema>;
