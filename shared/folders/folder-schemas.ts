// Argument schemas of the folder management channels (shared/contract.ts).
import { z } from 'zod';

const id = z.string().min(1).max(200);
const name = z.string().trim().min(1, 'Enter a name for the folder').max(200, 'Use a folder name of at most 200 characters');

export const createFolderSchema = z.object({ accountId: id, parentFolderId: id.nullable(), name }).strict();
export const renameFolderSchema = z.object({ folderId: id, name }).strict();
export const folderSubscriptionSchema = z.object({ folderId: id, subscribed: z.boolean() }).strict();
// Deleting a local folder with subfolders, or one inside Trash (deleted for good), needs the
// user's yes: main refuses it without the matching flag (electron/local/local-folder-changes.ts).
export const deleteFolderSchema = z
  .object({ folderId: id, withSubfolders: z.boolean().optional(), permanently: z.boolean().optional() })
  .strict();
