// Which references in mail would make the viewer fetch something. Anything that is not
// data:, cid: or a fragment counts, relative URLs included (they would load from the
// app's own origin): a false alarm only shows the "Load remote content" button, a miss
// would tell a tracker the message was opened.

export function isExternalReference(raw: string): boolean {
  // Browsers skip whitespace and control characters inside URLs: " http:" counts too.
  const value = raw.replace(/[\p{Cc}\s]+/gu, '').toLowerCase();
  if (value.length === 0) return false;
  return !(value.startsWith('data:') || value.startsWith('cid:') || value.startsWith('#') || value === 'about:blank');
}

// Once the user allows remote content, only plain web images may load.
export function isWebUrl(raw: string): boolean {
  const value = raw.replace(/[\p{Cc}\s]+/gu, '').toLowerCase();
  return value.startsWith('https://') || value.startsWith('http://');
}

// RFC 2392: cid:ID names a MIME part by its Content-ID.
export function contentIdOf(raw: string): string | null {
  const value = raw.trim();
  if (!/^cid:/i.test(value)) return null;
  return normalizeContentId(safeDecode(value.slice(4)));
}

export function normalizeContentId(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').toLowerCase();
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// A data: URL for an inline image is built from the part's own Content-Type, which the
// sender wrote: only a plain image type is used, never one that could carry markup.
export function inlineImageUrl(contentType: string, base64: string): string | null {
  const type = contentType.trim().toLowerCase();
  if (!/^image\/(png|gif|jpeg|jpg|webp|bmp|avif)$/.test(type)) return null;
  if (!/^[A-Za-z0-9+/=\r\n]*$/.test(base64)) return null;
  return `data:${type};base64,${base64.replace(/[\r\n]/g, '')}`;
}
