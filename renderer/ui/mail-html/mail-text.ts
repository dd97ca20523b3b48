// Mail HTML as plain text (reply and forward quotes, anything that shows a snippet):
// sanitised by the same DOMPurify configuration first, then read from an inert parsed
// document, which never loads or runs anything.
import type { BodyPart } from '../../../shared/domain.ts';
import { sanitizeMailHtml } from './sanitize-mail-html.ts';

const blockElements = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul',
]);

function collect(node: Node, out: string[], preformatted: boolean): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      const text = child.textContent ?? '';
      out.push(preformatted ? text : text.replace(/\s+/g, ' '));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const name = (child as Element).localName;
    if (name === 'style') continue;
    const block = blockElements.has(name);
    if (block) out.push('\n');
    if (name === 'td' || name === 'th') out.push(' ');
    collect(child, out, preformatted || name === 'pre');
    if (block && name !== 'br') out.push('\n');
  }
}

export function htmlToPlainText(html: string): string {
  const clean = sanitizeMailHtml(html, { allowRemoteImages: false, inlineImages: new Map() }).html;
  const parsed = new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${clean}</body></html>`, 'text/html');
  const out: string[] = [];
  collect(parsed.body, out, false);
  return out
    .join('')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n[ \t\u00a0]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function mailPartsToText(parts: readonly BodyPart[]): string {
  return parts
    .map((part) => (part.kind === 'text' ? part.text.replace(/\s+$/, '') : htmlToPlainText(part.html)))
    .filter((text) => text.length > 0)
    .join('\n\n');
}
