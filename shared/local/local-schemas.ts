// Argument schemas of Local Folders' channels (shared/local/local-types.ts).
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const saveLocallySchema = z
  .object({
    messageIds: z.array(id).min(1, 'Choose at least one message').max(10_000, 'Save at most 10,000 messages at once'),
    targetFolderId: id,
    mode: z.enum(['copy', 'move']),
  })
  .strict();

// A whole server folder saved or moved into a local folder (electron/local/folder-save-jobs.ts).
export const saveFolderLocallySchema = z.object({ folderId: id, targetFolderId: id, mode: z.enum(['copy', 'move']) }).strict();

export const localArchivePolicySchema = z
  .object({
    accountId: id,
    enabled: z.boolean(),
    olderThanDays: z.number().int().min(1, 'At least 1 day').max(36_500, 'At most 36,500 days'),
    sourceFolderPath: z.string().min(1).max(1000),
    targetFolderId: id.nullable(),
  })
  .strict();

export const pop3TargetSchema = z.object({ accountId: id, folderId: id.nullable() }).strict();

export type SaveLocallyArgs = z.infer<typeof saveLocallySchema>;
