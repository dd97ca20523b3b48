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
