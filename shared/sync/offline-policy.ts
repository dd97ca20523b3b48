// Which message bodies an account keeps for reading without a network (shared/contract.ts).
import { z } from 'zod';

// 'all': every message's body is downloaded after the headers; 'recent': those dated within
// the last `days` days; 'headers': none, a body is fetched when the message is opened.
export type OfflineMode = 'all' | 'recent' | 'headers';

export type OfflinePolicy = {
  readonly mode: OfflineMode;
  // Used by 'recent'; kept for the others so switching back restores the user's number.
  readonly days: number;
};

// Recent mail reads offline; a large old mailbox does not fill the disk unasked.
export const DEFAULT_OFFLINE_POLICY: OfflinePolicy = { mode: 'recent', days: 30 };

export const MAX_OFFLINE_DAYS = 36_500;

export const offlinePolicySchema = z
  .object({
    mode: z.enum(['all', 'recent', 'headers']),
    days: z.number().int().min(1).max(MAX_OFFLINE_DAYS),
  })
  .strict();

export const setOfflinePolicySchema = z
  .object({
    accountId: z.string().min(1).max(200),
    policy: offlinePolicySchema,
  })
  .strict();
