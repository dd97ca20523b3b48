import { simpleParser } from 'mailparser';
import type { BodyPart } from '../../shared/domain.ts';
import { htmlToText } from '../search/html-to-text.ts';
import { nestsDeeperThan } from './html-nesting-depth.ts';

// The readable parts of a message, each on its own, in the order a reader shows them.
// mailparser joins every text/html part into one string, so an unclosed tag (<img src="…)
// in one part swallows the next part into its attribute: EFAIL's direct exfiltration
// (efail.de, CVE-2017-17688/17689). Here every part stays a separate string that the
// renderer sanitises and shows in its own container.

type Entity = {
  readonly headerText: string;
  // A view into the source: a part is never copied until it is one the reader shows.
  readonly body: Buffer;
};

// Hostile nesting or part counts never cost more than this (the rest is not shown).
const maxDepth = 20;
const maxParts = 200;
// Beyond these a multipart's children are counted, not split (10,000 parts is hostile).
const maxChildren = 20_000;
// Issue 9, hostile sizes: what the renderer is handed, at most. A part whose encoded body is
// larger is decoded only this far and shown as text; an HTML part larger once decoded, or
// nested deeper than Chromium's own parser keeps (html-nesting-depth.ts), is shown as its
// text; all parts together stop at maxShownChars and the rest are counted as not shown.
export const bodyPartLimits = {
  maxParts,
  maxEncodedPartBytes: 4 * 1024 * 1024,
  maxHtmlChars: 2 * 1024 * 1024,
  maxTextChars: 1024 * 1024,
  maxShownChars: 4 * 1024 * 1024,
} as const;

export type BodyPartsRead = {
  readonly parts: readonly BodyPart[];
  // Readable parts left out by maxParts, maxShownChars or the nesting of the MIME tree.
  readonly notShown: number;
  // Parts shown as (shortened) text because they were too large to show as sent.
  readonly tooLarge: number;
  // HTML parts shown as text because their elements nest too deeply.
  readonly tooDeep: number;
};

const decodeOptions = {
  keepCidLinks: true,
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

export async function bodyPartsOf(source: Buffer): Promise<readonly BodyPart[]> {
  return (await readBodyParts(source)).parts;
}

export async function readBodyParts(source: Buffer): Promise<BodyPartsRead> {
  const tally = { leaves: [] as Entity[], notShown: 0 };
  collectLeaves(splitEntity(source), 0, tally);
  const parts: BodyPart[] = [];
  let shownChars = 0;
  let tooLarge = 0;
  let tooDeep = 0;
  let notShown = tally.notShown;
  for (const leaf of tally.leaves) {
    if (shownChars >= bodyPartLimits.maxShownChars) {
      notShown += 1;
      continue;
    }
    const decoded = await decodeLeaf(leaf);
    if (decoded === null) continue;
    const bounded = boundedPart(decoded);
    if (bounded.reason === 'large') tooLarge += 1;
    if (bounded.reason === 'deep') tooDeep += 1;
    parts.push(bounded.part);
    shownChars += bounded.part.kind === 'html' ? bounded.part.html.length : bounded.part.text.length;
  }
  return { parts, notShown, tooLarge, tooDeep };
}

type Decoded = { readonly part: BodyPart; readonly truncated: boolean };
type Bounded = { readonly part: BodyPart; readonly reason: 'large' | 'deep' | null };

function boundedPart({ part, truncated }: Decoded): Bounded {
  const { maxHtmlChars, maxTextChars } = bodyPartLimits;
  if (part.kind === 'text') {
    if (!truncated && part.text.length <= maxTextChars) return { part, reason: null };
    return { part: { kind: 'text', text: shortened(part.text, maxTextChars, true) }, reason: 'large' };
  }
  if (truncated || part.html.length > maxHtmlChars) {
    return { part: { kind: 'text', text: shortened(htmlToText(part.html.slice(0, maxHtmlChars)), maxTextChars, true) }, reason: 'large' };
  }
  if (nestsDeeperThan(part.html)) return { part: { kind: 'text', text: shortened(htmlToText(part.html), maxTextChars, false) }, reason: 'deep' };
  return { part, reason: null };
}

// A text that was cut ends with a mark saying so.
function shortened(text: string, maxChars: number, cut: boolean): string {
  if (text.length > maxChars) return `${text.slice(0, maxChars)}\n\n[…]`;
  return cut ? `${text}\n\n[…]` : text;
}

// RFC 5322 2.1: the header ends at the first empty line (CRLF or bare LF, as /\r?\n\r?\n/).
function splitEntity(bytes: Buffer): Entity {
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
    const next = bytes[at + 1] === 13 ? at + 2 : at + 1;
    if (bytes[next] !== 10) continue;
    const headerEnd = at > 0 && bytes[at - 1] === 13 ? at - 1 : at;
    return { headerText: bytes.subarray(0, headerEnd).toString('latin1'), body: bytes.subarray(next + 1) };
  }
  // No empty line: all header. Bounded, since a header is never megabytes honestly.
  return { headerText: bytes.subarray(0, 64 * 1024).toString('latin1'), body: bytes.subarray(bytes.length) };
}

// RFC 5322 2.2.3: unfolded; the first field of this name, as mailparser takes it.
export function headerValue(headerText: string, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return null;
}

type ContentType = { readonly type: string; readonly boundary: string | null };

// RFC 2045 5.1: the default is text/plain.
export function contentTypeOf(headerText: string): ContentType {
  const value = headerValue(headerText, 'content-type') ?? 'text/plain';
  const type = (value.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(value);
  return { type, boundary: boundary?.[1] ?? boundary?.[2] ?? null };
}

function isAttachment(headerText: string): boolean {
  const disposition = (headerValue(headerText, 'content-disposition') ?? '').split(';')[0]?.trim().toLowerCase();
  return disposition === 'attachment';
}

// RFC 2046 5.1.1: parts are separated by lines "--boundary"; "--boundary--" ends them.
// A delimiter line starts a line; its rest is "--" (the end) or only white space.
function splitMultipart(body: Buffer, boundary: string): { readonly children: readonly Entity[]; readonly uncounted: number } {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const children: Entity[] = [];
  let uncounted = 0;
  let contentStart = -1;
  const push = (end: number) => {
    if (contentStart < 0) return;
    // The line break before a delimiter belongs to the delimiter.
    let stop = end;
    if (stop > contentStart && body[stop - 1] === 10) stop -= 1;
    if (stop > contentStart && body[stop - 1] === 13) stop -= 1;
    if (children.length < maxChildren) children.push(splitEntity(body.subarray(contentStart, Math.max(contentStart, stop))));
    else uncounted += 1;
  };
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== 10) continue;
    const lineEnd = body.indexOf(10, at);
    const rest = body.subarray(at + delimiter.length, lineEnd === -1 ? body.length : lineEnd).toString('latin1');
    if (rest.startsWith('--')) {
      push(at);
      return { children, uncounted };
    }
    if (rest.trim() !== '') continue;
    push(at);
    contentStart = lineEnd === -1 ? body.length : lineEnd + 1;
  }
  // A missing close delimiter ends the last part at the end of the message.
  if (contentStart >= 0) {
    if (children.length < maxChildren) children.push(splitEntity(body.subarray(contentStart)));
    else uncounted += 1;
  }
  return { children, uncounted };
}

type Tally = { readonly leaves: Entity[]; notShown: number };

function collectLeaves(entity: Entity, depth: number, tally: Tally): void {
  const { type, boundary } = contentTypeOf(entity.headerText);
  if (depth > maxDepth) {
    if (isReadable(type, entity.headerText)) tally.notShown += 1;
    return;
  }
  if (type.startsWith('multipart/')) {
    if (boundary === null) return;
    const { children, uncounted } = splitMultipart(entity.body, boundary);
    if (type === 'multipart/alternative') {
      // RFC 2046 5.1.4: the last alternative the reader can show is the best one.
      for (let index = children.length - 1; index >= 0; index -= 1) {
        const found: Tally = { leaves: [], notShown: 0 };
        collectLeaves(children[index] as Entity, depth + 1, found);
        if (found.leaves.length > 0 || found.notShown > 0) {
          keep(tally, found.leaves);
          tally.notShown += found.notShown;
          return;
        }
      }
      return;
    }
    if (type === 'multipart/related') {
      // RFC 2387: the root (the first part) is what is shown; the rest it refers to.
      const root = children[0];
      if (root !== undefined) collectLeaves(root, depth + 1, tally);
      return;
    }
    tally.notShown += uncounted;
    for (const child of children) collectLeaves(child, depth + 1, tally);
    return;
  }
  if (isReadable(type, entity.headerText)) keep(tally, [entity]);
}

function isReadable(type: string, headerText: string): boolean {
  return (type === 'text/html' || type === 'text/plain') && !isAttachment(headerText);
}

function keep(tally: Tally, leaves: readonly Entity[]): void {
  const room = Math.max(0, maxParts - tally.leaves.length);
  tally.leaves.push(...leaves.slice(0, room));
  tally.notShown += Math.max(0, leaves.length - room);
}

// mailparser decodes the one part (transfer encoding and charset) as a message of its own;
// a part too large to show is decoded only up to a line break within maxEncodedPartBytes.
async function decodeLeaf(leaf: Entity): Promise<Decoded | null> {
  const limit = bodyPartLimits.maxEncodedPartBytes;
  const truncated = leaf.body.length > limit;
  const lastLine = truncated ? leaf.body.lastIndexOf(10, limit) : -1;
  const body = truncated ? leaf.body.subarray(0, lastLine > 0 ? lastLine + 1 : limit) : leaf.body;
  const raw = Buffer.concat([Buffer.from(`${leaf.headerText}\r\n\r\n`, 'latin1'), body]);
  try {
    const parsed = await simpleParser(raw, decodeOptions);
    if (typeof parsed.html === 'string') return { part: { kind: 'html', html: parsed.html }, truncated };
    if (typeof parsed.text === 'string') return { part: { kind: 'text', text: parsed.text }, truncated };
    return null;
  } catch {
    return null;
  }
}
