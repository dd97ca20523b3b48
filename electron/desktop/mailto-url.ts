// Parses mailto: URLs (RFC 6068) from other programs and web pages, so everything in
// them is untrusted: only to, cc, bcc, subject and body are taken (RFC 6068 section 7
// warns against headers such as From or In-Reply-To from a link), each is bounded, and
// nothing that could make a second header line survives.
import type { MailtoRequest } from '../../shared/mailto-request.ts';

// Longer than any real link (Windows caps a command line at 32,767 characters); a
// larger one is refused whole rather than truncated into something else.
export const maxMailtoUrlLength = 64 * 1024;
const maxAddressesPerField = 100;
// RFC 5322 2.1.1: a line may not exceed 998 characters.
const maxSubjectLength = 998;
const maxAddressLength = 254;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

// RFC 6068 section 2: percent-encoded octets are UTF-8. Unlike HTML forms, "+" is a plain
// plus sign (section 5), so URLSearchParams would decode "joe+bob@" wrongly. A malformed
// escape is kept as it is; an invalid UTF-8 sequence becomes U+FFFD.
export function percentDecode(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
      continue;
    }
    const codePoint = text.codePointAt(index) ?? 0;
    const encoded = utf8Encoder.encode(String.fromCodePoint(codePoint));
    bytes.push(...encoded);
    if (codePoint > 0xffff) index += 1;
  }
  return utf8.decode(Uint8Array.from(bytes));
}

// Splits an RFC 6068 address list on commas outside quoted local parts.
function splitAddresses(list: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < list.length; index += 1) {
    const char = list[index] ?? '';
    if (char === '\\' && quoted) {
      current += char + (list[index + 1] ?? '');
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

// An RFC 5322 addr-spec: a dot-atom or quoted local part, "@", and a domain of labels
// (Unicode allowed, RFC 6530) or a bracketed literal. No display names, comments,
// angle brackets, whitespace or control characters: those are how a link would smuggle
// in something that is not one address.
const localDotAtom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/;
const localQuoted = /^"([^"\\\p{Cc}]|\\[^\p{Cc}])*"$/u;
const domainName = /^([\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?\.)*[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const domainLiteral = /^\[[0-9A-Fa-f:.]+\]$|^\[IPv6:[0-9A-Fa-f:.]+\]$/;

export function isAddrSpec(address: string): boolean {
  if (address.length > maxAddressLength) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return (localDotAtom.test(local) || localQuoted.test(local)) && (domainName.test(domain) || domainLiteral.test(domain));
}

function addAddresses(target: string[], encodedList: string): void {
  for (const address of splitAddresses(percentDecode(encodedList))) {
    if (target.length >= maxAddressesPerField) return;
    if (!isAddrSpec(address)) continue;
    if (target.some((known) => known.toLowerCase() === address.toLowerCase())) continue;
    target.push(address);
  }
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim().slice(0, maxSubjectLength);
}

function bodyText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

// null when the text is not a mailto: URL at all, or is too long to be a real one.
export function parseMailtoUrl(url: string): MailtoRequest | null {
  if (typeof url !== 'string' || url.length > maxMailtoUrlLength) return null;
  const trimmed = url.trim();
  if (!/^mailto:/i.test(trimmed)) return null;
  // A mailto: URI has no fragment (RFC 6068 section 2); a raw "#" ends it, as in browsers.
  const withoutFragment = trimmed.slice('mailto:'.length).split('#')[0] ?? '';
  const questionMark = withoutFragment.indexOf('?');
  const toPart = questionMark === -1 ? withoutFragment : withoutFragment.slice(0, questionMark);
  const query = questionMark === -1 ? '' : withoutFragment.slice(questionMark + 1);

  const to: string[] = [];
  const cc: string[] = [];
  const bcc: string[] = [];
  let subject: string | null = null;
  let body: string | null = null;
  addAddresses(to, toPart);
  for (const field of query.split('&')) {
    const equals = field.indexOf('=');
    if (equals <= 0) continue;
    // RFC 6068 section 2: hfnames are case-insensitive.
    const name = percentDecode(field.slice(0, equals)).toLowerCase();
    const value = field.slice(equals + 1);
    if (name === 'to') addAddresses(to, value);
    else if (name === 'cc') addAddresses(cc, value);
    else if (name === 'bcc') addAddresses(bcc, value);
    // The first subject and body win; a link repeating them gains nothing.
    else if (name === 'subject') subject ??= oneLine(percentDecode(value));
    else if (name === 'body') body ??= bodyText(percentDecode(value));
  }
  return { to, cc, bcc, subject: subject ?? '', body: body ?? '' };
}

// Windows and Linux hand a clicked link to the app as a command-line argument; Chromium's
// own switches come first, so look for the argument rather than at a fixed position.
export function findMailtoArgument(argv: readonly string[]): string | null {
  return argv.find((argument) => /^mailto:/i.test(argument)) ?? null;
}
