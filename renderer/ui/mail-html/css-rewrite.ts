// CSS from mail is parsed by the page's own engine (CSSOM), never by regular
// expressions: escapes (u\72l(…)), comments and odd whitespace are resolved by the same
// parser that would load the URL, and what comes back is re-serialised in its canonical
// form. Remote references are removed unless the user allowed remote content, and even
// then only image properties may load: no @import, no web fonts, ever.
import { isExternalReference, isWebUrl } from './url-policy.ts';

export type CssPolicy = {
  readonly allowRemoteImages: boolean;
  // cid: -> data: URL of an inline image the message carries.
  readonly resolveContentId: (url: string) => string | null;
  // Called once for each remote reference that was removed.
  readonly onBlocked: () => void;
};

// Properties whose url() is an image (CSP img-src), the only kind ever allowed remote.
const imageProperties = /^(background(-image)?|list-style(-image)?|border-image(-source)?|-webkit-border-image|content|cursor|mask(-image)?|-webkit-mask(-image)?|-webkit-mask-box-image(-source)?)$/;
const urlFunction = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/gi;
// Functions whose plain strings are URLs too (image-set("a.png" 1x)).
const imageFunctions = /(image-set|image|cross-fade|element|src)\(/i;
const quotedString = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g;

function unescapeCss(value: string): string {
  return value.replace(/\\([0-9a-f]{1,6}\s?|[\s\S])/gi, (_whole, escaped: string) =>
    /^[0-9a-f]/i.test(escaped) ? String.fromCodePoint(Math.min(Number.parseInt(escaped.trim(), 16), 0x10ffff)) : escaped,
  );
}

function urlsIn(value: string): readonly string[] {
  const urls = [...value.matchAll(urlFunction)].map((match) => unescapeCss(match[1] ?? match[2] ?? match[3] ?? ''));
  if (imageFunctions.test(value)) urls.push(...[...value.matchAll(quotedString)].map((match) => unescapeCss(match[1] ?? match[2] ?? '')));
  return urls;
}

function cssString(url: string): string {
  return `url("${url.replace(/["\\\n\r]/g, (character) => `\\${character.charCodeAt(0).toString(16)} `)}")`;
}

// Rewrites one declaration block in place.
export function rewriteDeclarations(style: CSSStyleDeclaration, policy: CssPolicy): void {
  for (let index = style.length - 1; index >= 0; index -= 1) {
    const name = style.item(index);
    const value = style.getPropertyValue(name);
    const priority = style.getPropertyPriority(name);
    // Custom properties keep their raw text (escapes unresolved) and attr() reads
    // attributes into values: neither is needed by mail, both could smuggle a URL.
    if (name.startsWith('--') ? /[(\\]/.test(value) : /attr\(|var\(/i.test(value) && /url|image|src|\\/i.test(value)) {
      style.removeProperty(name);
      policy.onBlocked();
      continue;
    }
    const urls = urlsIn(value);
    if (urls.length === 0) {
      // No URL the engine recognised, yet "url" or an escape: not worth the risk.
      if (/\burl\b|\\/i.test(value)) style.removeProperty(name);
      continue;
    }
    const external = urls.filter(isExternalReference);
    if (external.length === 0) {
      const resolved = value.replace(urlFunction, (whole, double?: string, single?: string, bare?: string) => {
        const inline = policy.resolveContentId(unescapeCss(double ?? single ?? bare ?? ''));
        return inline === null ? whole : cssString(inline);
      });
      if (resolved !== value) style.setProperty(name, resolved, priority);
      continue;
    }
    const allowed = policy.allowRemoteImages && imageProperties.test(name) && external.every(isWebUrl) && !imageFunctions.test(value);
    if (allowed) continue;
    style.removeProperty(name);
    policy.onBlocked();
  }
}

type RuleList = { readonly cssRules: CSSRuleList; deleteRule(index: number): void };

function rewriteRules(list: RuleList, policy: CssPolicy): void {
  for (let index = list.cssRules.length - 1; index >= 0; index -= 1) {
    const rule = list.cssRules[index];
    if (rule === undefined) continue;
    if (rule instanceof CSSStyleRule) {
      rewriteDeclarations(rule.style, policy);
      // CSS nesting: a style rule can hold rules of its own.
      if (rule.cssRules.length > 0) rewriteRules(rule, policy);
    } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule || isGroupingRule(rule, 'CSSLayerBlockRule') || isGroupingRule(rule, 'CSSContainerRule')) {
      rewriteRules(rule as CSSGroupingRule, policy);
    } else if (rule instanceof CSSKeyframesRule) {
      for (const keyframe of Array.from(rule.cssRules)) if (keyframe instanceof CSSKeyframeRule) rewriteDeclarations(keyframe.style, policy);
    } else if (rule instanceof CSSPageRule) {
      rewriteDeclarations(rule.style, policy);
    } else {
      // @import, @font-face, @namespace, @property and whatever comes next: dropped.
      if (rule instanceof CSSImportRule || rule instanceof CSSFontFaceRule) policy.onBlocked();
      list.deleteRule(index);
    }
  }
}

function isGroupingRule(rule: CSSRule, constructorName: string): boolean {
  const constructor = (globalThis as unknown as Record<string, unknown>)[constructorName];
  return typeof constructor === 'function' && rule instanceof (constructor as typeof CSSGroupingRule);
}

export function rewriteStyleSheet(cssText: string, policy: CssPolicy): string {
  // @import is not even parsed by replaceSync; it still counts as a blocked reference.
  if (/@import/i.test(cssText)) policy.onBlocked();
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(cssText);
  } catch {
    return '';
  }
  rewriteRules(sheet, policy);
  return Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
}

// A style="" attribute, parsed by an element of an inert document.
export function rewriteStyleAttribute(value: string, scratch: HTMLElement, policy: CssPolicy): string {
  scratch.setAttribute('style', value);
  rewriteDeclarations(scratch.style, policy);
  const result = scratch.style.cssText;
  scratch.removeAttribute('style');
  return result;
}
