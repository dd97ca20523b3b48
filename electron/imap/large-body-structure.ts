// Finds a FETCH response's BODYSTRUCTURE (RFC 3501 7.4.2) in the raw line, before imapflow
// parses it, so one too large to parse on the main thread (a message of 10,000 MIME parts:
// a 1 MB list that imapflow's parser takes hundreds of ms over) can be cut out of the line
// and parsed on a thread of its own (body-structure-diversion.ts).
//
// imapflow's stream hands over a response as its line(s), with each literal's "{n}" marker
// and CRLF kept in place, and the literals' bytes in order beside it. The scan follows the
// syntax only as far as it must to find the top-level items: quoted strings, literals,
// parenthesised lists (and the brackets of a section name like BODY[HEADER.FIELDS (X)]).
// Anything it does not follow gives null, and the line is parsed the usual way.

export type LargeBodyStructure = {
  // The FETCH's UID item; a response without one (never asked for by UID FETCH) gives null.
  readonly uid: number;
  // The list's bytes, from its "(" to its ")", and the literals inside it.
  readonly start: number;
  readonly end: number;
  readonly firstLiteral: number;
  readonly literalCount: number;
};

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BRACE = 0x7b;
const TILDE = 0x7e;
const CLOSE_BRACE = 0x7d;
const CR = 0x0d;
const LF = 0x0a;
const PREFIX = /^\* \d+ FETCH \(/i;

type Item = { readonly start: number; readonly end: number; readonly literalsBefore: number; readonly literalsAfter: number };

// Past a quoted string starting at `at`, or -1 where it does not end on the line.
function skipQuoted(line: Uint8Array, at: number): number {
  for (let index = at + 1; index < line.length; index += 1) {
    const byte = line[index];
    if (byte === BACKSLASH) index += 1;
    else if (byte === QUOTE) return index + 1;
  }
  return -1;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

// Past a literal marker "{n}" (or "{n+}") and its CRLF starting at `at`, or -1.
function skipLiteralMarker(line: Uint8Array, at: number): number {
  let index = at + 1;
  const digitsStart = index;
  while (isDigit(line[index])) index += 1;
  if (index === digitsStart) return -1;
  if (line[index] === 0x2b) index += 1;
  if (line[index] !== CLOSE_BRACE) return -1;
  index += 1;
  if (line[index] === CR) index += 1;
  if (line[index] !== LF) return -1;
  return index + 1;
}

// The items of the FETCH's parenthesised list, each with the literals before and after it,
// or null where the line is not one the scan follows.
function topLevelItems(line: Uint8Array, from: number): Item[] | null {
  const items: Item[] = [];
  let depth = 1;
  let literals = 0;
  let itemStart = from;
  let itemLiterals = 0;
  let index = from;
  const endItem = (end: number) => {
    if (end > itemStart) items.push({ start: itemStart, end, literalsBefore: itemLiterals, literalsAfter: literals });
  };
  const length = line.length;
  while (index < length) {
    // A switch on the byte, not Set lookups: a 16 MiB line (imap-limits.ts) is scanned on the
    // main thread, at a few ns a byte.
    switch (line[index]) {
      case QUOTE:
        index = skipQuoted(line, index);
        if (index < 0) return null;
        continue;
      case TILDE:
      case BRACE:
        // literal8 (RFC 3516) is "~{n}"
        if (line[index] === TILDE && line[++index] !== BRACE) break;
        index = skipLiteralMarker(line, index);
        if (index < 0) return null;
        literals += 1;
        continue;
      case OPEN_PAREN:
      case OPEN_BRACKET:
        depth += 1;
        break;
      case CLOSE_PAREN:
      case CLOSE_BRACKET:
        depth -= 1;
        if (depth === 0) {
          endItem(index);
          return items;
        }
        break;
      case SPACE:
        if (depth === 1) {
          endItem(index);
          itemStart = index + 1;
          itemLiterals = literals;
        }
        break;
      case CR:
      case LF:
        return null;
    }
    index += 1;
  }
  return null;
}

function asciiOf(line: Uint8Array, item: Item): string {
  return Buffer.from(line.buffer, line.byteOffset + item.start, item.end - item.start).toString('latin1');
}

// The BODYSTRUCTURE of a FETCH response line, where its list is at least minBytes long.
export function findLargeBodyStructure(line: Uint8Array, minBytes: number): LargeBodyStructure | null {
  if (line.length < minBytes) return null;
  const head = Buffer.from(line.buffer, line.byteOffset, Math.min(line.length, 32)).toString('latin1');
  const prefix = PREFIX.exec(head);
  if (prefix === null) return null;
  const items = topLevelItems(line, prefix[0].length);
  if (items === null || items.length % 2 !== 0) return null;
  let uid: number | null = null;
  let structure: Item | null = null;
  for (let index = 0; index < items.length; index += 2) {
    const name = items[index] as Item;
    const value = items[index + 1] as Item;
    const label = asciiOf(line, name).toUpperCase();
    if (label === 'UID') {
      const text = asciiOf(line, value);
      uid = /^\d{1,10}$/.test(text) ? Number(text) : null;
    } else if (label === 'BODYSTRUCTURE') structure = value;
  }
  if (uid === null || uid === 0 || structure === null || line[structure.start] !== OPEN_PAREN) return null;
  if (structure.end - structure.start < minBytes) return null;
  return {
    uid,
    start: structure.start,
    end: structure.end,
    firstLiteral: structure.literalsBefore,
    literalCount: structure.literalsAfter - structure.literalsBefore,
  };
}

// The line with the list replaced by NIL (imapflow leaves bodyStructure unset for NIL) and
// the literals without the list's own.
export function withoutBodyStructure(
  line: Buffer,
  literals: readonly Buffer[],
  found: LargeBodyStructure,
): { readonly payload: Buffer; readonly literals: Buffer[] } {
  return {
    payload: Buffer.concat([line.subarray(0, found.start), Buffer.from('NIL'), line.subarray(found.end)]),
    literals: [...literals.slice(0, found.firstLiteral), ...literals.slice(found.firstLiteral + found.literalCount)],
  };
}
