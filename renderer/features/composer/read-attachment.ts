import type { ComposeAttachment } from '../../../shared/compose/compose-types.ts';

// A picked file as the contract carries it: its bytes in base64 (read here, in the page;
// main never sees a path).
export async function readAttachment(file: File): Promise<ComposeAttachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return {
    fileName: file.name || 'attachment',
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream',
    base64: btoa(binary),
  };
}
