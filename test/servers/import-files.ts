// Files imported into Local Folders the way the page imports them: in chunks, in order
// (shared/local/import-upload.ts), each file a Blob with a name.
import type { LetterboxApi } from '../../shared/api.ts';
import type { Result } from '../../shared/errors.ts';
import type { Service } from '../../electron/service/service-types.ts';
import { uploadImport, type ImportSource, type ImportUploadOptions, type ImportUploadReport } from '../../shared/local/import-upload.ts';

// The service's own dispatch as the page's api: it answers each channel's Result.
export function serviceApi(service: Pick<Service, 'dispatch'>): Pick<LetterboxApi, 'invoke'> {
  return { invoke: ((channel: unknown, args: unknown) => service.dispatch(channel, args)) as LetterboxApi['invoke'] };
}

export type ImportFile = { readonly fileName: string; readonly bytes: Uint8Array };

export function importSource(file: ImportFile): ImportSource {
  return Object.assign(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), { name: file.fileName });
}

export function importFiles(
  api: Pick<LetterboxApi, 'invoke'>,
  folderId: string,
  files: readonly ImportFile[],
  options?: ImportUploadOptions,
): Promise<Result<ImportUploadReport>> {
  return uploadImport(api, folderId, files.map(importSource), options);
}

// The same, for a test that wants the count or a thrown error naming what failed.
export async function importedCount(api: Pick<LetterboxApi, 'invoke'>, folderId: string, files: readonly ImportFile[]): Promise<number> {
  const result = await importFiles(api, folderId, files);
  if (!result.ok) throw new Error(`import failed: ${result.error.code}: ${result.error.message}`);
  return result.value.imported;
}
