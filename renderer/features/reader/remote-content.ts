// Finds whether (sanitised) HTML would fetch anything from outside the message.
// Anything that is not data:, cid: or a fragment counts, including relative URLs and
// CSS-escaped ones: a false alarm only shows a button, a miss would leak a tracker hit.

const tagPattern = /<([a-z][a-z0-9-]*)\b[^>]*>/gi;
const attributePattern = /\s(src|background|poster|srcset|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const cssUrlPattern = /url\(\s*("[^"]*"|'[^']*'|[^)]*)\s*\)/gi;
const cssImportPattern = /@import\s+("[^"]*"|'[^']*')/gi;

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && (trimmed.startsWith('"') || trimmed.startsWith("'")) && trimmed.endsWith(trimmed[0] ?? '')) {
    return trimmed.slice(1, -1).trim();
  }
  return trimmed;
}

function decodeBasicEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);?/g, (_match, decimal: string) => String.fromCodePoint(Number.parseInt(decimal, 10)))
    .replace(/&colon;/gi, ':')
    .replace(/&amp;/gi, '&');
}

export function isExternalReference(raw: string): boolean {
  // Browsers skip whitespace and control characters inside URLs, so "java\tscript:" and " http:" count too.
  const value = decodeBasicEntities(unquote(raw))
    .replace(/[\p{Cc}\s]+/gu, '')
    .toLowerCase();
  if (value.length === 0) return false;
  return !(value.startsWith('data:') || value.startsWith('cid:') || value.startsWith('#') || value === 'about:blank');
}

function srcsetIsExternal(raw: string): boolean {
  return unquote(raw)
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .some(isExternalReference);
}

export function hasRemoteContent(html: string): boolean {
  for (const tag of html.matchAll(tagPattern)) {
    const tagName = (tag[1] ?? '').toLowerCase();
    for (const match of tag[0].matchAll(attributePattern)) {
      const name = (match[1] ?? '').toLowerCase();
      const value = match[2] ?? '';
      // An <a href> is a link the user may click, not something the page loads; a <link href> loads.
      if (name === 'href' && tagName !== 'link') continue;
      if (name === 'srcset' ? srcsetIsExternal(value) : isExternalReference(value)) return true;
    }
  }
  for (const match of html.matchAll(cssUrlPattern)) {
    if (isExternalReference(match[1] ?? '')) return true;
  }
  for (const match of html.matchAll(cssImportPattern)) {
    if (isExternalReference(match[1] ?? '')) return true;
  }
  return false;
}
