// Whether a link must be confirmed before it is opened. Phishing mail shows one address and
// links to another ("https://bank.example" in the text, evil.example in the href), or uses an
// international name that looks like a familiar one ("раypal.com" with Cyrillic letters).
// The user is then shown where the link really leads, in punycode, and asked first.
import type { LinkConfirmation } from '../../shared/links/link-confirmation.ts';

// Link text longer than this is not read for hosts; such text is prose, not an address.
const maxLinkTextLength = 10_000;

// Format characters (zero-width spaces and joiners, bidi controls, soft hyphen) change
// nothing a person sees, so a host shown with them is the host without them.
const invisible = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/gu;

// A host as it may appear in text: labels of letters, digits and hyphens (any script)
// separated by dots, ending in a top-level label of two or more letters (or punycode).
const hostLike = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:\p{L}{2,}|xn--[a-z0-9-]+)\.?$/iu;

// `url` is a link that external-url-policy already allowed and normalised.
export function linkNeedsConfirmation(url: string, linkText: string | null): LinkConfirmation | null {
  const host = destinationHost(url);
  if (host === null) return null;
  if (linkText !== null && typeof linkText === 'string' && linkText.length <= maxLinkTextLength) {
    for (const shown of shownHosts(linkText)) {
      if (!sameSite(shown, host)) return { reason: 'different-host', host, shownHost: shown };
    }
  }
  if (host.split('.').some((label) => label.startsWith('xn--'))) {
    return { reason: 'international-name', host, shownHost: null };
  }
  return null;
}

// Where the link leads: the web host, or the domain a mailto: link writes to.
function destinationHost(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return stripDot(parsed.hostname);
  if (parsed.protocol === 'mailto:') {
    const address = decodeSafely(parsed.pathname).split(',')[0] ?? '';
    const at = address.lastIndexOf('@');
    return at < 0 ? null : normaliseHost(address.slice(at + 1));
  }
  return null;
}

// The hosts the text shows a reader: in URLs (including a user-info part, which people read
// as the host: "https://bank.example@evil.example"), after "www.", in email addresses, or
// as the whole text ("bank.example/login").
export function shownHosts(linkText: string): readonly string[] {
  const text = linkText.normalize('NFKC').replace(invisible, '').trim();
  const found: string[] = [];
  function add(candidate: string): void {
    const cleaned = candidate.replace(/[.,;:!?'"’”»)\]}>]+$/u, '').replace(/^[<("'“«[{]+/u, '');
    if (!hostLike.test(cleaned)) return;
    found.push(normaliseHost(cleaned) ?? cleaned.toLowerCase());
  }
  const tokens = text.split(/[\s<>"'()[\]{}]+/u).filter((token) => token.length > 0);
  for (const token of tokens) {
    const scheme = /^[a-z][a-z0-9+.-]*:[/\\]{2}/iu.exec(token);
    if (scheme !== null) {
      const authority = token.slice(scheme[0].length).split(/[/?#\\]/u)[0] ?? '';
      for (const part of authority.split(/[@:]/u)) add(part);
      continue;
    }
    const withoutMailto = token.replace(/^mailto:/iu, '');
    const at = withoutMailto.lastIndexOf('@');
    if (at > 0) {
      add(withoutMailto.slice(at + 1).split(/[/?#\\]/u)[0] ?? '');
      continue;
    }
    if (/^www\./iu.test(token) || tokens.length === 1) add(token.split(/[/?#\\:]/u)[0] ?? '');
  }
  return found;
}

// The same host, or one a subdomain of the other: whoever owns bank.example also owns
// www.bank.example, so "bank.example" in the text and www.bank.example in the link agree.
function sameSite(shown: string, real: string): boolean {
  return shown === real || real.endsWith(`.${shown}`) || shown.endsWith(`.${real}`);
}

// The WHATWG URL parser applies IDNA (UTS #46): lower case, full-width dots mapped, and
// international labels in punycode, exactly as the browser will resolve the name.
function normaliseHost(host: string): string | null {
  try {
    const parsed = new URL(`http://${host}/`);
    return parsed.hostname === '' ? null : stripDot(parsed.hostname);
  } catch {
    return null;
  }
}

function stripDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
