import { simpleParser } from 'mailparser';
import type { BodyPart } from '../../shared/domain.ts';

// The readable parts of a message, each on its own, in the order a reader shows them.
// mailparser joins every text/html part into one string, so an unclosed tag (<img src="…)
// in one part swallows the next part into its attribute: EFAIL's direct exfiltration
// (efail.de, CVE-2017-17688/17689). Here every part stays a separate string that the
// renderer sanitises and shows in its own container.

type Entity = {
  readonly headerText: string;
  readonly body: string;
};

// Hostile nesting or part counts never cost more than this (the rest is not shown).
const maxDepth = 20;
const maxParts = 200;

const decodeOptions = {
  keepCidLinks: true,
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

export async function bodyPartsOf(source: Buffer): Promise<readonly BodyPart[]> {
  // latin1 keeps every byte as one character, so a leaf's bytes survive the round trip.
  const leaves: Entity[] = [];
  collectLeaves(splitEntity(source.toString('latin1')), 0, leaves);
  const parts: BodyPart[] = [];
  for (const leaf of leaves) {
    const part = await decodeLeaf(leaf);
    if (part !== null) parts.push(part);
  }
  return parts;
}

function splitEntity(text: string): Entity {
  const match = /\r?\n\r?\n/.exec(text);
  if (match === null) return { headerText: text, body: '' };
  return { headerText: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
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
function splitMultipart(body: string, boundary: string): readonly Entity[] {
  const delimiter = `--${boundary}`;
  const parts: Entity[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length);
      if (rest.startsWith('--')) {
        if (current !== null) parts.push(splitEntity(current.join('\r\n')));
        return parts;
      }
      if (rest.trim() === '') {
        if (current !== null) parts.push(splitEntity(current.join('\r\n')));
        current = [];
        continue;
      }
    }
    current?.push(line);
  }
  // A missing close delimiter ends the last part at the end of the message.
  if (current !== null) parts.push(splitEntity(current.join('\r\n')));
  return parts;
}

function collectLeaves(entity: Entity, depth: number, leaves: Entity[]): void {
  if (depth > maxDepth || leaves.length >= maxParts) return;
  const { type, boundary } = contentTypeOf(entity.headerText);
  if (type.startsWith('multipart/')) {
    if (boundary === null) return;
    const children = splitMultipart(entity.body, boundary);
    if (type === 'multipart/alternative') {
      // RFC 2046 5.1.4: the last alternative the reader can show is the best one.
      for (let index = children.length - 1; index >= 0; index -= 1) {
        const found: Entity[] = [];
        collectLeaves(children[index] as Entity, depth + 1, found);
        if (found.length > 0) {
          leaves.push(...found.slice(0, maxParts - leaves.length));
          return;
        }
      }
      return;
    }
    if (type === 'multipart/related') {
      // RFC 2387: the root (the first part) is what is shown; the rest it refers to.
      const root = children[0];
      if (root !== undefined) collectLeaves(root, depth + 1, leaves);
      return;
    }
    for (const child of children) collectLeaves(child, depth + 1, leaves);
    return;
  }
  if ((type === 'text/html' || type === 'text/plain') && !isAttachment(entity.headerText)) leaves.push(entity);
}

// mailparser decodes the one part (transfer encoding and charset) as a message of its own.
async function decodeLeaf(leaf: Entity): Promise<BodyPart | null> {
  const raw = Buffer.from(`${leaf.headerText}\r\n\r\n${leaf.body}`, 'latin1');
  try {
    const parsed = await simpleParser(raw, decodeOptions);
    if (typeof parsed.html === 'string') return { kind: 'html', html: parsed.html };
    if (typeof parsed.text === 'string') return { kind: 'text', text: parsed.text };
    return null;
  } catch {
    return null;
  }
}
