// Argument schemas of the search channels (shared/contract.ts).
import { z } from 'zod';

const query = z.string().max(2000);
const sort = z.enum(['date', 'relevance']);

export const searchMessagesSchema = z
  .object({
    query,
    sort,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(1000),
  })
  .strict();

export const searchServerSchema = z.object({ query }).strict();

export const saveSearchSchema = z.object({ name: z.string().max(200), query: query.min(1), sort }).strict();

export const savedSearchIdSchema = z.object({ savedSearchId: z.string().min(1).max(200) }).strict();
