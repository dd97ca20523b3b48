// Argument schemas of the OAuth2 sign-in channels (shared/contract.ts).
import { z } from 'zod';
import { pop3PolicySchema, serverSettingsSchema } from '../schemas.ts';

const providerId = z.string().min(1).max(40).regex(/^[a-z0-9-]+$/, 'Not a sign-in provider');
const signInId = z.string().min(1).max(200);
const email = z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'Enter an email address like name@example.org');

export const findOAuthProviderSchema = z.object({ host: z.string().trim().min(1).max(253) }).strict();

export const startOAuthSignInSchema = z.object({ provider: providerId, email }).strict();

// Like addAccount's arguments without a password: the sign-in stands in for it.
const oauthAccountFields = {
  name: z.string().max(200).optional(),
  email,
  incoming: serverSettingsSchema,
  outgoing: serverSettingsSchema.nullable(),
  // As for a password: the user agreed to keep the sign-in where no keyring protects it.
  storePasswordWithoutKeyring: z.boolean().optional(),
};

export const oauthAccountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('imap'), ...oauthAccountFields }).strict(),
  z.object({ kind: z.literal('pop3'), ...oauthAccountFields, pop3: pop3PolicySchema.optional() }).strict(),
]);

export const finishOAuthSignInSchema = z.object({ signInId, account: oauthAccountSchema }).strict();

export const oauthSignInIdSchema = z.object({ signInId }).strict();

export type OAuthAccountArgs = z.infer<typeof oauthAccountSchema>;
