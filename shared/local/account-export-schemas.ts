// Argument schemas of the whole-account export and its import. Unlike the other Local
// Folders channels these carry a directory path: an export is a tree of files too large to
// cross the contract as bytes, so the user names where it goes (docs/decisions.md,
// "Whole-account export"). Main checks the path again; this only bounds it.
import { z } from 'zod';
import { folderNameProblem } from '../folders/folder-name.ts';

const id = z.string().min(1).max(200);

// eslint-disable-next-line no-control-regex
const directory = z.string().trim().min(1, 'Enter the directory').max(4096).regex(/^[^\u0000]*$/, 'A path cannot contain NUL');

export const exportAccountSchema = z.object({ accountId: id, directory }).strict();

export const importAccountExportSchema = z
  .object({
    directory,
    // The new folder under Local Folders that receives the export.
    folderName: z
      .string()
      .max(200)
      .superRefine((name, context) => {
        const problem = folderNameProblem(name, '/');
        if (problem !== null) context.addIssue({ code: 'custom', message: problem });
      }),
  })
  .strict();

export type ExportAccountArgs = z.infer<typeof exportAccountSchema>;
export type ImportAccountExportArgs = z.infer<typeof importAccountExportSchema>;
