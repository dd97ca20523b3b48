// Every MIME part is sanitised on its own and put in its own container, so no part can
// reach into the next (EFAIL's direct exfiltration: an unclosed <img src=" in part 1
// must not turn part 2 into its URL). The joined result is parsed once more, inertly, to
// check that each part still stands alone; if parsing ever merged them, every part is
// shown as plain text instead.
import type { BodyPart } from '../../../shared/domain.ts';
import { buildMailDocument, escapeText } from './mail-document.ts';
import { htmlToPlainText } from './mail-text.ts';
import { sanitizeMailHtml, type SanitizeOptions } from './sanitize-mail-html.ts';

export type RenderedMail = {
  // The whole document for an iframe's srcdoc.
  readonly document: string;
  readonly blockedRemote: number;
};

function container(index: number, inner: string): string {
  return `<div class="mail-part" data-mail-part="${index}">${inner}</div>`;
}

function textContainer(index: number, text: string): string {
  return container(index, `<pre class="mail-text">${escapeText(text)}</pre>`);
}

function partsStandAlone(body: string, count: number): boolean {
  const parsed = new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${body}</body></html>`, 'text/html');
  const children = Array.from(parsed.body.children);
  return (
    children.length === count &&
    children.every((child, index) => child.localName === 'div' && child.getAttribute('data-mail-part') === String(index) && child.className === 'mail-part') &&
    parsed.body.querySelectorAll('[data-mail-part]').length === count
  );
}

export function renderMailBody(parts: readonly BodyPart[], options: SanitizeOptions): { readonly body: string; readonly blockedRemote: number } {
  let blockedRemote = 0;
  const rendered = parts.map((part, index) => {
    if (part.kind === 'text') return textContainer(index, part.text);
    const clean = sanitizeMailHtml(part.html, options);
    blockedRemote += clean.blockedRemote;
    return container(index, clean.html);
  });
  const body = rendered.join('');
  if (partsStandAlone(body, parts.length)) return { body, blockedRemote };
  return { body: parts.map((part, index) => textContainer(index, part.kind === 'text' ? part.text : htmlToPlainText(part.html))).join(''), blockedRemote: 0 };
}

export function renderMailParts(parts: readonly BodyPart[], options: SanitizeOptions): RenderedMail {
  const { body, blockedRemote } = renderMailBody(parts, options);
  return { document: buildMailDocument(body, options.allowRemoteImages), blockedRemote };
}
