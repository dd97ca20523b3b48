import { readableLeaves } from '../mime/body-parts.ts';
import { decodedChunks } from '../mime/decoded-chunks.ts';
import { contentTypeOf, leavesOf, splitEntity, type Entity } from '../mime/mime-entities.ts';
import { createHtmlTextStream } from './html-text-stream.ts';

// Issue 9, hostile sizes: the search index's text of a message whose text parts are huge (a
// 50 MB HTML newsletter). mailparser decodes each text part whole and keeps it as a string,
// twice, which is more than a body text thread's bounded heap (body-text-pool.ts); such a
// message would be stored with only its headers indexed. Instead its text is read part by
// part, a chunk at a time, and the index takes the start of it: the reader's parts in the
// reader's order (body-parts.ts), HTML made text as it streams past, up to maxChars.
export const indexedTextLimits = {
  // The most text one message puts into the index.
  maxChars: 4 * 1024 * 1024,
  // Text parts together larger than this are read in chunks. Half of maxChars: text is
  // never longer than its encoded bytes, so text read whole is never cut.
  wholeParseBytes: 2 * 1024 * 1024,
  chunkBytes: 1024 * 1024,
} as const;

// Deeper than this a multipart is taken as one part (hostile nesting).
const maxDepth = 50;

// Parts whose bodies mailparser would keep whole in memory: text, and anything it may read
// as a message or a multipart of its own (a multipart nested past maxDepth).
function holdsText(entity: Entity): boolean {
  const { type } = contentTypeOf(entity.headerText);
  return type.startsWith('text/') || type.startsWith('message/') || type.startsWith('multipart/');
}

export type TextLayout = {
  // Bodies of the parts that hold text, as views into the source, in order.
  readonly textBodies: readonly Buffer[];
  readonly textBytes: number;
};

export function textLayoutOf(source: Buffer): TextLayout {
  const textBodies = leavesOf(splitEntity(source), maxDepth)
    .filter(holdsText)
    .map((leaf) => leaf.body);
  return { textBodies, textBytes: textBodies.reduce((sum, body) => sum + body.length, 0) };
}

export function readsInChunks(layout: TextLayout): boolean {
  return layout.textBytes > indexedTextLimits.wholeParseBytes;
}

// The source with the bodies of its text parts left out, as pieces one after another: what
// mailparser reads for a huge message's attachment names (attachments stream past it).
export function withoutTextBodies(source: Buffer, layout: TextLayout): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const body of layout.textBodies) {
    const start = body.byteOffset - source.byteOffset;
    pieces.push(source.subarray(from, start));
    from = start + body.length;
  }
  pieces.push(source.subarray(from));
  return pieces;
}

export type StreamedText = {
  readonly body: string;
  // The message has more text than the index took.
  readonly truncated: boolean;
};

export function streamedText(source: Buffer, maxChars: number = indexedTextLimits.maxChars): StreamedText {
  const { leaves, notShown } = readableLeaves(source);
  const kept: string[] = [];
  let room = maxChars;
  // False once a text did not fit: the rest is not read.
  const add = (text: string): boolean => {
    const piece = text.slice(0, room);
    kept.push(piece);
    room -= piece.length;
    return piece.length === text.length;
  };
  let fits = true;
  for (const [index, leaf] of leaves.entries()) {
    if (index > 0) fits = add('\n');
    const html = contentTypeOf(leaf.headerText).type === 'text/html' ? createHtmlTextStream() : null;
    const chunks = decodedChunks(leaf, indexedTextLimits.chunkBytes);
    for (let chunk = chunks.next(); fits && chunk.done !== true; chunk = chunks.next())
      fits = add(html === null ? chunk.value : html.write(chunk.value));
    if (fits && html !== null) fits = add(html.end());
    if (!fits) break;
  }
  return { body: kept.join('').trim(), truncated: !fits || notShown > 0 };
}

// What the reader says of a message the index holds only the start of (message-view.ts).
export function indexHoldsOnlyStart(source: Buffer): boolean {
  return readsInChunks(textLayoutOf(source)) && streamedText(source).truncated;
}
