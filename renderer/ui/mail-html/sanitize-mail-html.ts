// The one sanitiser of mail HTML, run by the page's own engine (DOMPurify needs the
// DOM it protects: the same parser that will render the result). Every place mail HTML
// appears goes through renderMailParts / mailPartsToText in this folder; the iframe's
// CSP and sandbox (mail-document.ts) are the walls behind it.
import DOMPurify, { type Config, type UponSanitizeAttributeHookEvent, type UponSanitizeElementHookEvent } from 'dompurify';
import { rewriteStyleAttribute, rewriteStyleSheet, type CssPolicy } from './css-rewrite.ts';
import { contentIdOf, isExternalReference, isWebUrl } from './url-policy.ts';

export type SanitizeOptions = {
  // The user chose "Load remote content": web images (and only images) may load.
  readonly allowRemoteImages: boolean;
  // Normalised Content-ID -> data: URL of an inline image part of the message.
  readonly inlineImages: ReadonlyMap<string, string>;
};

export type SanitizedHtml = {
  readonly html: string;
  // How many remote references were replaced or removed (the "Load remote content" button).
  readonly blockedRemote: number;
};

// Beyond DOMPurify's own list: anything that submits, embeds another document, changes
// the document's base or refreshes it, loads a stylesheet, or switches the parser into a
// raw-text mode in which serialised output parses differently (mXSS).
export const forbiddenTags: readonly string[] = [
  'script', 'noscript', 'template', 'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist',
  'keygen', 'output', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'portal', 'fencedframe',
  'meta', 'base', 'link', 'title', 'noembed', 'noframes', 'plaintext', 'xmp', 'listing', 'svg', 'math', 'audio', 'track',
];

export const forbiddenAttributes: readonly string[] = [
  'action', 'formaction', 'ping', 'srcdoc', 'http-equiv', 'lowsrc', 'dynsrc', 'manifest', 'codebase', 'archive',
  'classid', 'icon', 'xlink:href', 'xmlns', 'imagesrcset', 'autofocus',
];

// A transparent 1x1 GIF stands where a remote image was.
export const remoteImagePlaceholder = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const config: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [...forbiddenTags],
  FORBID_ATTR: [...forbiddenAttributes],
  // Keeps the <style> elements a message puts in its <head>.
  FORCE_BODY: true,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Prefixes id and name values ("user-content-"): mail cannot clobber named properties
  // of the frame's window or document that the app reads (DOM clobbering).
  SANITIZE_NAMED_PROPS: true,
  RETURN_TRUSTED_TYPE: false,
};

// Hooks read the options of the call in progress; sanitize() is synchronous, so one at a time.
let current: { readonly options: SanitizeOptions; blocked: number; scratch: HTMLElement } | null = null;

const purifier = DOMPurify(window);

function cssPolicy(state: NonNullable<typeof current>): CssPolicy {
  return {
    allowRemoteImages: state.options.allowRemoteImages,
    resolveContentId: (url) => {
      const id = contentIdOf(url);
      return id === null ? null : (state.options.inlineImages.get(id) ?? null);
    },
    onBlocked: () => {
      state.blocked += 1;
    },
  };
}

function loadsAnImage(element: Element, attribute: string): boolean {
  const tag = element.localName;
  if (attribute === 'background') return true;
  if (attribute === 'poster') return tag === 'video';
  if (attribute === 'src' || attribute === 'srcset') return tag === 'img' || (tag === 'source' && attribute === 'srcset' && element.parentElement?.localName === 'picture');
  return false;
}

function rewriteUrl(element: Element, attribute: string, value: string, state: NonNullable<typeof current>): string | null {
  const id = contentIdOf(value);
  if (id !== null) return state.options.inlineImages.get(id) ?? value;
  if (!isExternalReference(value)) return value;
  if (state.options.allowRemoteImages && loadsAnImage(element, attribute) && isWebUrl(value)) return value;
  state.blocked += 1;
  return element.localName === 'img' && attribute === 'src' ? remoteImagePlaceholder : null;
}

function rewriteSrcset(element: Element, value: string, state: NonNullable<typeof current>): string | null {
  const kept: string[] = [];
  for (const candidate of value.split(',')) {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    if (url === '') continue;
    const rewritten = rewriteUrl(element, 'srcset', url, state);
    if (rewritten !== null && rewritten !== remoteImagePlaceholder) kept.push([rewritten, ...descriptor].join(' '));
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

const urlAttributes = new Set(['src', 'background', 'poster', 'data', 'href']);

purifier.addHook('uponSanitizeElement', (node: Node, event: UponSanitizeElementHookEvent) => {
  if (current === null || event.tagName !== 'style') return;
  node.textContent = rewriteStyleSheet(node.textContent ?? '', cssPolicy(current));
});

purifier.addHook('uponSanitizeAttribute', (element: Element, event: UponSanitizeAttributeHookEvent) => {
  const state = current;
  if (state === null) return;
  const name = event.attrName;
  if (name === 'style') {
    event.attrValue = rewriteStyleAttribute(event.attrValue, state.scratch, cssPolicy(state));
    return;
  }
  // A link is followed only when clicked (and then through main's URL policy).
  if (name === 'href' && (element.localName === 'a' || element.localName === 'area')) return;
  if (name === 'srcset') {
    const rewritten = rewriteSrcset(element, event.attrValue, state);
    if (rewritten === null) event.keepAttr = false;
    else event.attrValue = rewritten;
    return;
  }
  if (!urlAttributes.has(name)) return;
  const rewritten = rewriteUrl(element, name, event.attrValue, state);
  if (rewritten === null) event.keepAttr = false;
  else event.attrValue = rewritten;
});

export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  const scratch = document.implementation.createHTMLDocument('').createElement('div');
  const state = { options, blocked: 0, scratch };
  current = state;
  try {
    const clean = purifier.sanitize(html, config);
    return { html: clean, blockedRemote: state.blocked };
  } finally {
    current = null;
  }
}
