// The composer's rich text: one allow-list (p, br, b/strong, i/em, ul, ol, li, a with an
// http, https or mailto href, blockquote) that main applies before sending, as the renderer
// is not trusted, and that the renderer applies before putting HTML into its editor. The
// text/plain part of a rich message is derived from the same tree (RFC 2046 5.1.4).
import { tokenizeHtml } from './html-tokens.ts';

export type RichTag = 'p' | 'br' | 'b' | 'strong' | 'i' | 'em' | 'ul' | 'ol' | 'li' | 'a' | 'blockquote';

export type RichNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'element'; readonly tag: RichTag; readonly href: string | null; readonly children: RichNode[] };

type Element = Extract<RichNode, { kind: 'element' }>;

const allowed = new Set<string>(['p', 'br', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'a', 'blockquote']);
// Elements outside the list that still end a line where they stand.
const lineBreaking = new Set([
  'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'pre', 'section', 'article', 'header', 'footer',
  'hr', 'dd', 'dt', 'dl', 'center', 'address', 'figure', 'figcaption', 'nav', 'aside', 'main', 'form', 'fieldset', 'caption',
]);
const cellLike = new Set(['td', 'th']);
const blockTags = new Set<string>(['p', 'ul', 'ol', 'li', 'blockquote']);

// Only links a mail reader can follow safely; anything else loses its href (and stays text).
export function safeHref(value: string): string | null {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed.
  const compact = value.replace(/[\u0000-\u0020\u007f]+/g, '');
  if (!/^(https?:\/\/[^/]|mailto:[^\s])/i.test(compact) || compact.length > 2048) return null;
  return compact;
}

function element(tag: RichTag, href: string | null = null): Element {
  return { kind: 'element', tag, href, children: [] };
}

function endsWithBreak(node: Element): boolean {
  const last = node.children.at(-1);
  if (last === undefined) return true;
  if (last.kind === 'text') return /\n$/.test(last.text);
  return last.tag === 'br' || blockTags.has(last.tag);
}

// HTML -> the allowed tree. Disallowed elements are unwrapped (their text stays); script,
// style and the like are dropped with their content (html-tokens.ts).
export function parseRichHtml(html: string): Element {
  const root = element('p');
  const stack: Element[] = [root];
  const current = () => stack.at(-1) ?? root;
  // HTML 13.2.6.4.7: a block start closes an open <p>, a <li> closes the previous item of its list.
  const closeUpTo = (tags: ReadonlySet<string>, barrier: ReadonlySet<string>) => {
    for (let index = stack.length - 1; index > 0; index -= 1) {
      const tag = stack[index]?.tag ?? 'p';
      if (barrier.has(tag)) return;
      if (tags.has(tag)) {
        stack.length = index;
        return;
      }
    }
  };
  for (const token of tokenizeHtml(html)) {
    if (token.kind === 'text') {
      current().children.push({ kind: 'text', text: token.text });
      continue;
    }
    if (token.kind === 'end') {
      if (allowed.has(token.name) && token.name !== 'br') {
        const index = stack.findLastIndex((open, position) => position > 0 && open.tag === token.name);
        if (index > 0) stack.length = index;
      } else if (token.name === 'br') {
        current().children.push(element('br'));
      } else if (lineBreaking.has(token.name) && !endsWithBreak(current())) {
        current().children.push(element('br'));
      }
      continue;
    }
    const name = token.name;
    if (!allowed.has(name)) {
      if (lineBreaking.has(name) && !endsWithBreak(current())) current().children.push(element('br'));
      else if (cellLike.has(name)) current().children.push({ kind: 'text', text: ' ' });
      continue;
    }
    if (name === 'br') {
      current().children.push(element('br'));
      continue;
    }
    if (blockTags.has(name)) closeUpTo(new Set(['p']), new Set(['li', 'blockquote']));
    if (name === 'li') closeUpTo(new Set(['li']), new Set(['ul', 'ol']));
    if (name === 'a') closeUpTo(new Set(['a']), new Set());
    const href = name === 'a' ? safeHref(token.attributes.get('href') ?? '') : null;
    const node = element(name as RichTag, href);
    current().children.push(node);
    stack.push(node);
  }
  return root;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function serialize(nodes: readonly RichNode[]): string {
  let html = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      html += escapeText(node.text);
    } else if (node.tag === 'br') {
      html += '<br>';
    } else if (node.tag === 'a' && node.href === null) {
      html += serialize(node.children);
    } else {
      const href = node.href === null ? '' : ` href="${escapeText(node.href).replace(/"/g, '&quot;')}"`;
      html += `<${node.tag}${href}>${serialize(node.children)}</${node.tag}>`;
    }
  }
  return html;
}

// The HTML as it may be sent or shown in the editor: allowed elements, no attributes but a
// checked href, every text escaped.
export function sanitizeRichHtml(html: string): string {
  return serialize(parseRichHtml(html).children);
}

// --- text/plain from the tree: lists as "- " and "1. ", links as "text <url>", quotes as "> ".

type TextState = { lines: string[]; line: string };

function inlineText(node: RichNode, state: TextState, indent: string): void {
  if (node.kind === 'text') {
    // HTML collapses runs of white space; a line does not start with one.
    const collapsed = node.text.replace(/[ \t\r\n\f]+/g, ' ');
    state.line += /(^|\s)$/.test(state.line) ? collapsed.replace(/^ /, '') : collapsed;
    return;
  }
  blockText(node, state, indent);
}

function endLine(state: TextState, indent: string): void {
  state.lines.push(state.line.replace(/[ \u00a0]+$/, ''));
  state.line = indent;
}

function blockText(node: Element, state: TextState, indent: string): void {
  const children = node.children;
  switch (node.tag) {
    case 'br':
      endLine(state, indent);
      return;
    case 'a': {
      const before = state.line;
      for (const child of children) inlineText(child, state, indent);
      const label = state.line.slice(before.length).trim();
      if (node.href !== null) {
        const plainHref = node.href.replace(/^mailto:/i, '');
        if (label === '') state.line += node.href;
        else if (label !== node.href && label !== plainHref) state.line += ` <${node.href}>`;
      }
      return;
    }
    case 'b':
    case 'strong':
    case 'i':
    case 'em':
      for (const child of children) inlineText(child, state, indent);
      return;
    case 'p':
    case 'li':
    case 'ul':
    case 'ol':
    case 'blockquote':
      blockChildren(node, state, indent);
      return;
  }
}

function flushBlock(state: TextState, indent: string): void {
  if (state.line.trim() !== '' && state.line !== indent) endLine(state, indent);
  else state.line = indent;
}

function blockChildren(node: Element, state: TextState, indent: string): void {
  if (node.tag === 'ul' || node.tag === 'ol') {
    flushBlock(state, indent);
    let number = 0;
    for (const child of node.children) {
      if (child.kind !== 'element' || child.tag !== 'li') {
        if (child.kind === 'element') blockText(child, state, indent);
        continue;
      }
      number += 1;
      const marker = node.tag === 'ol' ? `${String(number)}. ` : '- ';
      state.line = indent + marker;
      const itemIndent = indent + ' '.repeat(marker.length);
      for (const part of child.children) inlineText(part, state, itemIndent);
      flushBlock(state, indent);
    }
    return;
  }
  if (node.tag === 'li') {
    // An item outside any list.
    flushBlock(state, indent);
    state.line = `${indent}- `;
    for (const part of node.children) inlineText(part, state, `${indent}  `);
    flushBlock(state, indent);
    return;
  }
  if (node.tag === 'blockquote') {
    flushBlock(state, indent);
    const inner: TextState = { lines: [], line: '' };
    for (const child of node.children) inlineText(child, inner, '');
    flushBlock(inner, '');
    // RFC 3676 4.5: a quoted line starts with ">"; one already quoted gets one more.
    for (const line of trimBlankEnds(inner.lines)) state.lines.push(indent + (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`));
    state.line = indent;
    return;
  }
  flushBlock(state, indent);
  for (const child of node.children) inlineText(child, state, indent);
  flushBlock(state, indent);
}

function trimBlankEnds(lines: readonly string[]): readonly string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start += 1;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end -= 1;
  return lines.slice(start, end);
}

// The text/plain rendering of rich HTML, lines joined by "\n".
export function richHtmlToText(html: string): string {
  const state: TextState = { lines: [], line: '' };
  for (const child of parseRichHtml(html).children) inlineText(child, state, '');
  flushBlock(state, '');
  const lines = [...state.lines];
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n').replace(/\u00a0/g, ' ')}\n`;
}

// Plain text into the editor: one paragraph per line, every character escaped.
export function textToRichHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => (line === '' ? '<p><br></p>' : `<p>${escapeText(line)}</p>`)).join('');
}
