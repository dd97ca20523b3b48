import type { LetterboxApi } from '../../../shared/api.ts';
import type { Message } from '../../../shared/domain.ts';
import { formatAddress, formatAddressList } from '../../ui/format-address.ts';
import { formatFullDate } from '../../ui/format-date.ts';
import { inlineImageUrl, normalizeContentId, printMail } from '../../ui/mail-html/index.ts';
import { referencedContentIds } from './inline-images.ts';

// Print: the message's parts through the same pipeline as the reader (ui/mail-html), with
// remote images only where the user allowed them for this message.
export async function printMessage(api: LetterboxApi, message: Message): Promise<void> {
  const policy = await api.invoke('getRemoteContentPolicy', { messageId: message.id });
  const wanted = new Set(message.bodyParts.flatMap((part) => (part.kind === 'html' ? referencedContentIds(part.html) : [])));
  const inlineImages = new Map<string, string>();
  for (const attachment of message.attachments) {
    if (attachment.contentId === null || !wanted.has(normalizeContentId(attachment.contentId))) continue;
    const result = await api.invoke('getAttachment', { messageId: message.id, attachmentId: attachment.id });
    const url = result.ok ? inlineImageUrl(result.value.contentType, result.value.base64) : null;
    if (url !== null) inlineImages.set(normalizeContentId(attachment.contentId), url);
  }
  const lines: [string, string][] = [
    ['From', message.from === null ? '(no sender)' : formatAddress(message.from)],
    ['To', formatAddressList(message.to)],
    ['Date', formatFullDate(message.date)],
  ];
  if (message.cc.length > 0) lines.splice(2, 0, ['Cc', formatAddressList(message.cc)]);
  printMail({ subject: message.subject.trim() || '(no subject)', lines }, message.bodyParts, {
    allowRemoteImages: policy.ok && policy.value.allowed,
    inlineImages,
  });
}
