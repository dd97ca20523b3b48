import type { ExportedFile } from '../../shared/local/local-types.ts';

// Offers exported bytes as a download (a Blob and a temporary <a download>): the same in
// Electron and the browser, and the page never sees or names a path.
export function downloadFile(file: Pick<ExportedFile, 'fileName' | 'contentType' | 'base64'>): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType || 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 60_000);
}

// A picked file's bytes as base64, read in the page (main never sees a path).
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
