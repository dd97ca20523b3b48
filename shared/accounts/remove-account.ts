// Removing an account asks what to do with the mail that came from it into Local Folders
// (messages saved locally, POP3 downloads): kept there, or deleted with the account.
import { z } from 'zod';

export const localMailChoiceSchema = z.enum(['keep', 'delete']);
export type LocalMailChoice = z.infer<typeof localMailChoiceSchema>;

// localMail left out keeps it, as removing did before the choice was asked.
export const removeAccountSchema = z
  .object({ accountId: z.string().min(1).max(200), localMail: localMailChoiceSchema.optional() })
  .strict();

export type AccountLocalMail = { readonly messages: number };
