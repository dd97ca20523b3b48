// Argument schemas of an import into Local Folders: the page reads the files the user picked
// and sends their bytes (never a path) in chunks of a few MB, each checked, decoded and split
// into messages by main in a few ms, so a file of any size never holds main's event loop
// (issue 9, hostile sizes: one 64 MB request held it over 400 ms). The order is beginImport,
// importChunk for each file's chunks in turn, endImport.
import { z } from 'zod';
import { isBase64Text } from '../base64-text.ts';

const id = z.string().min(1).max(200);

// Bytes per chunk: a multiple of 3, so each chunk's base64 stands alone, and small enough
// that checking and decoding one costs main a few ms and the progress bar moves often.
export const importChunkBytes = 3 * 240 * 1024;
export const maxImportChunkBase64Length = (importChunkBytes / 3) * 4;
// Files in one import: each must be sent in order, so this bounds only the numbering.
export const maxImportFiles = 100_000;

export const beginImportSchema = z
  .object({
    folderId: id,
    // How ">From " lines in an mbox were quoted: mboxrd (reversible, the default) or mboxo.
    mboxFormat: z.enum(['mboxrd', 'mboxo']).optional(),
  })
  .strict();

export const importChunkSchema = z
  .object({
    importId: id,
    // The file's place in the import, from 0: its chunks come in order, and files one after another.
    file: z.number().int().min(0).max(maxImportFiles - 1),
    fileName: z.string().min(1).max(255),
    base64: z.string().max(maxImportChunkBase64Length).refine(isBase64Text, 'File bytes must be base64'),
    // The file's last chunk: its last message is complete.
    endOfFile: z.boolean(),
  })
  .strict();

// cancel: stop where it is; what was imported stays, reported, and the rest is dropped.
export const endImportSchema = z.object({ importId: id, cancel: z.boolean().optional() }).strict();

export type BeginImportArgs = z.infer<typeof beginImportSchema>;
export type ImportChunkArgs = z.infer<typeof importChunkSchema>;
export type EndImportArgs = z.infer<typeof endImportSchema>;
