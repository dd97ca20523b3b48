// A small HTML tokenizer for the composer's allow-list (rich-text-tree.ts). It need not
// parse every document as a browser would: whatever it reads, only allowed elements and
// escaped text come out, so a misread can garble words but never let markup through.

export type HtmlToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'start'; readonly name: string; readonly attributes: ReadonlyMap<string, string> }
  | { readonly kind: 'end'; readonly name: string };

// Elements whose content is not text a reader sees; skipped whole.
const skippedContent = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'template', 'svg', 'math', 'object']);

const namedEntities: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  laquo: '«', raquo: '»', euro: '€', pound: '£', copy: '©', reg: '®', trade: '™', bull: '•',
  middot: '·', deg: '°', times: '×', eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á',
  uuml: 'ü', ouml: 'ö', auml: 'ä', Uuml: 'Ü', Ouml: 'Ö', Auml: 'Ä', szlig: 'ß', ccedil: 'ç',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      // HTML 13.2.5.80: NUL and surrogates become U+FFFD.
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return namedEntities[entity] ?? namedEntities[entity.toLowerCase()] ?? whole;
  });
}

const attributePattern = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(attributePattern)) {
    const name = (match[1] ?? '').toLowerCase();
    // HTML 13.2.5.33: the first of duplicated attributes wins.
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

// No part of a tag may hold "<": each try then stops at the next "<", so a page of
// unclosed quotes costs one pass, not one per "<".
const tagPattern = /<(\/?)([A-Za-z][^\s/<>]*)((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/y;

export function tokenizeHtml(html: string): readonly HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let position = 0;
  let text = '';
  const lastClose = html.lastIndexOf('>');
  const flushText = () => {
    if (text !== '') tokens.push({ kind: 'text', text: decodeEntities(text) });
    text = '';
  };
  while (position < html.length) {
    const open = html.indexOf('<', position);
    if (open === -1) {
      text += html.slice(position);
      break;
    }
    text += html.slice(position, open);
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      position = close === -1 ? html.length : close + 3;
      continue;
    }
    tagPattern.lastIndex = open;
    const tag = tagPattern.exec(html);
    if (tag === null) {
      if (html[open + 1] === '!' || html[open + 1] === '?' || (html[open + 1] === '/' && html[open + 2] !== undefined)) {
        // A doctype, processing instruction or bogus comment (HTML 13.2.5.42): up to ">".
        const close = html.indexOf('>', open);
        position = close === -1 ? html.length : close + 1;
        continue;
      }
      if (open > lastClose && /^<\/?[A-Za-z]/.test(html.slice(open, open + 3))) {
        // HTML 13.2.5.8: a tag still open at the end of the input is dropped.
        break;
      }
      text += '<';
      position = open + 1;
      continue;
    }
    flushText();
    const name = (tag[2] ?? '').toLowerCase();
    position = open + tag[0].length;
    if (tag[1] === '/') {
      tokens.push({ kind: 'end', name });
      continue;
    }
    if (skippedContent.has(name) && !tag[0].endsWith('/>')) {
      const closingPattern = new RegExp(`</${name}[\\s/>]`, 'gi');
      closingPattern.lastIndex = position;
      const closing = closingPattern.exec(html);
      position = closing === null ? html.length : closing.index + closing[0].length;
      if (closing !== null && !closing[0].endsWith('>')) {
        const close = html.indexOf('>', position);
        position = close === -1 ? html.length : close + 1;
      }
      continue;
    }
    tokens.push({ kind: 'start', name, attributes: readAttributes(tag[3] ?? '') });
  }
  flushText();
  return tokens;
}
