import type { AttachmentContent } from '../../../shared/domain.ts';

// A Blob and a temporary <a download>: works the same in Electron and the browser,
// and never hands the renderer a file path.
export function saveAttachment(content: AttachmentContent): void {
  const binary = atob(content.base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const blob = new Blob([bytes], { type: content.contentType || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = content.fileName || 'attachment';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 60_000);
}
