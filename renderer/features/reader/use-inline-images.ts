import { useEffect, useState } from 'react';
import type { Attachment, BodyPart } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { inlineImageUrl, normalizeContentId } from '../../ui/mail-html/index.ts';
import { referencedContentIds } from './inline-images.ts';

// The message's inline images (cid: references) as data: URLs, fetched from main once.
export function useInlineImages(messageId: string, parts: readonly BodyPart[], attachments: readonly Attachment[]): ReadonlyMap<string, string> {
  const api = useApi();
  const [images, setImages] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const wanted = new Set(parts.flatMap((part) => (part.kind === 'html' ? referencedContentIds(part.html) : [])));
    const referenced = attachments.filter((part) => part.contentId !== null && wanted.has(normalizeContentId(part.contentId)));
    if (referenced.length === 0) return;
    let active = true;
    void Promise.all(
      referenced.map(async (part) => {
        const result = await api.invoke('getAttachment', { messageId, attachmentId: part.id });
        const url = result.ok ? inlineImageUrl(result.value.contentType, result.value.base64) : null;
        return url === null ? null : ([normalizeContentId(part.contentId ?? ''), url] as const);
      }),
    ).then((entries) => {
      if (active) setImages(new Map(entries.filter((entry) => entry !== null)));
    });
    return () => {
      active = false;
    };
  }, [api, messageId, parts, attachments]);
  return images;
}
