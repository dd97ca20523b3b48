import { simpleParser } from 'mailparser';
import type { BodyPart } from '../../shared/domain.ts';
import { htmlToText } from '../search/html-to-text.ts';
import { nestsDeeperThan } from './html-nesting-depth.ts';
import { contentTypeOf, isAttachment, splitEntity, splitMultipart, type Entity } from './mime-entities.ts';

// The readable parts of a message, each on its own, in the order a reader shows them.
// mailparser joins every text/html part into one string, so an unclosed tag (<img src="…)
// in one part swallows the next part into its attribute: EFAIL's direct exfiltration
// (efail.de, CVE-2017-17688/17689). Here every part stays a separate string that the
// renderer sanitises and shows in its own container.

// Hostile nesting or part counts never cost more than this (the rest is not shown).
const maxDepth = 20;
const maxParts = 200;
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

// The parts a reader shows, in order, undecoded (views into the source), and how many
// readable parts are left out; the search index reads a huge message's text from the same.
export function readableLeaves(source: Buffer): { readonly leaves: readonly Entity[]; readonly notShown: number } {
  const tally: Tally = { leaves: [], notShown: 0 };
  collectLeaves(splitEntity(source), 0, tally);
  return tally;
}

export async function readBodyParts(source: Buffer): Promise<BodyPartsRead> {
  const tally = readableLeaves(source);
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
