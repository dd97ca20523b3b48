// Argument schemas of Local Folders' channels (shared/local/local-types.ts).
import { z } from 'zod';
import { isBase64Text } from '../base64-text.ts';

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

// 64 MB of mail per request: the page reads the files and sends their bytes (never a path).
export const maxImportBase64Length = Math.ceil((64 * 1024 * 1024) / 3) * 4;

export const importMessagesSchema = z
  .object({
    folderId: id,
    files: z
      .array(
        z
          .object({
            fileName: z.string().min(1).max(255),
            base64: z.string().max(maxImportBase64Length).refine(isBase64Text, 'File bytes must be base64'),
          })
          .strict(),
      )
      .min(1, 'Choose at least one file')
      .max(1000, 'Import at most 1,000 files at once'),
    // How ">From " lines in an mbox were quoted: mboxrd (reversible, the default) or mboxo.
    mboxFormat: z.enum(['mboxrd', 'mboxo']).optional(),
  })
  .strict();

export const pop3TargetSchema = z.object({ accountId: id, folderId: id.nullable() }).strict();

export type SaveLocallyArgs = z.infer<typeof saveLocallySchema>;
export type ImportMessagesArgs = z.infer<typeof importMessagesSchema>;
