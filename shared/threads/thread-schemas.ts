import { z } from 'zod';

const id = z.string().min(1).max(200);

// Conversations of a folder (or a unified folder), newest first; `expanded` names the
// threads shown open, whose other messages follow their head row.
export const listConversationsSchema = z
  .object({
    folderId: id,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(1000),
    expanded: z.array(id).max(1000, 'Open at most 1,000 conversations at once'),
  })
  .strict();

// The messages of whole conversations in a folder's scope (a collapsed conversation's row
// stands for all of them when the list acts on it: archive, delete, flag, keywords).
export const listConversationMessageIdsSchema = z
  .object({
    folderId: id,
    threadIds: z.array(id).min(1).max(10_000, 'Act on at most 10,000 conversations at once'),
  })
  .strict();
