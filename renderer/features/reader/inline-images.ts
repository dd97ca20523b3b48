// RFC 2392: a cid: URL names a MIME part by its Content-ID. The iframe cannot fetch
// those; ui/mail-html swaps them for data: URLs of the attachments the message carries.

export function normalizeContentId(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').toLowerCase();
}

export function referencedContentIds(html: string): readonly string[] {
  const ids = new Set<string>();
  for (const match of html.matchAll(/cid:([^"'\s)>]+)/gi)) {
    const raw = match[1];
    if (raw !== undefined) ids.add(normalizeContentId(safeDecode(raw)));
  }
  return [...ids];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
