// How deeply mail HTML nests its elements, in one linear pass, so that main can refuse to hand
// the renderer markup that would cost DOMPurify, the CSS rewrite and layout more than a page
// is worth (issue 9: 100,000 nested elements). Chromium's parser itself flattens anything
// deeper than 512 levels (HTMLConstructionSite's kMaximumHTMLParserDOMTreeDepth), so no
// honest message needs more.
export const maxHtmlNestingDepth = 512;

// Elements that never hold content: a start tag opens no level.
const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Closed by the parser when a sibling opens (p after p, td after td): an unclosed run of them
// is sloppy but common markup and does not nest, so they are not counted.
const impliedEndElements = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rt', 'rp', 'html', 'head', 'body', 'colgroup', 'caption']);

// True when the markup opens more than `limit` elements inside one another. An end tag closes
// down to the nearest open element of its name and is ignored when none is open; comments
// are skipped; raw text (script, style, textarea, title) is not scanned for tags.
export function nestsDeeperThan(html: string, limit = maxHtmlNestingDepth): boolean {
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  const tagStart = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/;
  const rawTextEnd = /<\/(script|style|textarea|title|xmp)/giy;
  // The first ">" at or after the current "<", found once for a run of "<" before it, so
  // text full of "<a" without any ">" costs one pass, not one per "<".
  let nextClose = -1;
  let position = 0;
  for (;;) {
    const open = html.indexOf('<', position);
    if (open === -1) return false;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      if (close === -1) return false;
      position = close + 3;
      continue;
    }
    if (nextClose < open) nextClose = html.indexOf('>', open);
    if (nextClose === -1) return false;
    const match = tagStart.exec(html.slice(open, Math.min(nextClose, open + 64)));
    if (match === null) {
      position = open + 1;
      continue;
    }
    position = nextClose + 1;
    const name = (match[2] ?? '').toLowerCase();
    if (match[1] === '/') {
      if ((openCount.get(name) ?? 0) === 0) continue;
      for (;;) {
        const top = stack.pop();
        if (top === undefined) break;
        openCount.set(top, (openCount.get(top) ?? 1) - 1);
        if (top === name) break;
      }
      continue;
    }
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'title' || name === 'xmp') {
      const close = endOfRawText(html, name, position, rawTextEnd);
      if (close === -1) return false;
      position = close;
      continue;
    }
    if (voidElements.has(name) || impliedEndElements.has(name)) continue;
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    if (stack.length > limit) return true;
  }
}

function endOfRawText(html: string, name: string, from: number, pattern: RegExp): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    pattern.lastIndex = at;
    const match = pattern.exec(html);
    if (match !== null && match[1]?.toLowerCase() === name) return at;
  }
  return -1;
}
