// Argument schemas of the keyword channels (shared/contract.ts).
import { z } from 'zod';
import { isKeywordAtom } from './keyword-atom.ts';

const atom = z.string().refine(isKeywordAtom, { error: 'A keyword must be an IMAP atom (RFC 3501): no spaces, brackets, quotes or wildcards' });
const label = z.string().trim().min(1, 'Enter a name for the keyword').max(64, 'Use a keyword name of at most 64 characters');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Choose a colour like #3366ff');
const messageIds = z.array(z.string().min(1).max(200)).min(1, 'Choose at least one message').max(10_000, 'Act on at most 10,000 messages at once');

export const createKeywordSchema = z.object({ label, colour }).strict();
export const updateKeywordSchema = z.object({ atom, label: label.optional(), colour: colour.optional() }).strict();
export const keywordAtomSchema = z.object({ atom }).strict();
export const setKeywordsSchema = z
  .object({ messageIds, add: z.array(atom).max(50), remove: z.array(atom).max(50) })
  .strict()
  .refine((args) => args.add.length + args.remove.length > 0, { error: 'Say which keyword to set or remove' });
export const copyMessagesSchema = z.object({ messageIds, targetFolderId: z.string().min(1).max(200) }).strict();
