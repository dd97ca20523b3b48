import { TextDecoder } from 'node:util';
import { contentTypeParameter, transferEncodingOf, type Entity } from './mime-entities.ts';

// One part's body as text, a chunk at a time (issue 9, hostile sizes): mailparser decodes a
// text part whole and keeps it as one string, twice over, so a 50 MB HTML body needs more
// than 100 MB of heap. Here the transfer encoding (RFC 2045 6.7, 6.8) and the charset are
// undone chunk by chunk, each chunk ending at a line break, and the caller stops reading
// when it has what it wants. CRLF comes out as LF, as mailparser gives it.
export function* decodedChunks(entity: Entity, chunkBytes = 1024 * 1024): Generator<string> {
  const decoder = charsetDecoder(contentTypeParameter(entity.headerText, 'charset'));
  let carriedReturn = '';
  for (const { bytes, last } of transferDecodedChunks(entity, chunkBytes)) {
    let text = carriedReturn + decoder.decode(bytes, { stream: !last });
    // A CR that may be half of a CRLF waits for the next chunk.
    carriedReturn = !last && text.endsWith('\r') ? '\r' : '';
    if (carriedReturn !== '') text = text.slice(0, -1);
    yield text.replace(/\r\n/g, '\n');
  }
}

// A part's body with its transfer encoding undone (RFC 2045 6.7, 6.8), bytes not text: at most
// maxBytes of it, decoded a chunk at a time, so a hostile part costs no more than the cap
// (a base64 message/rfc822 part, read by the search index: attached-messages.ts).
export function transferDecodedPrefix(entity: Entity, maxBytes: number, chunkBytes = 1024 * 1024): Buffer {
  const kept: Buffer[] = [];
  let length = 0;
  for (const { bytes } of transferDecodedChunks(entity, chunkBytes)) {
    const piece = bytes.subarray(0, maxBytes - length);
    kept.push(piece);
    length += piece.length;
    if (length >= maxBytes) break;
  }
  return Buffer.concat(kept, length);
}

// The body's transfer encoding undone a chunk at a time, each chunk of the source ending at a
// line break (where one falls within chunkBytes).
function* transferDecodedChunks(entity: Entity, chunkBytes: number): Generator<{ readonly bytes: Buffer; readonly last: boolean }> {
  const { body } = entity;
  const decodeTransfer = transferDecoder(transferEncodingOf(entity.headerText));
  for (let start = 0; start < body.length;) {
    let end = Math.min(body.length, start + chunkBytes);
    if (end < body.length) {
      const lineEnd = body.lastIndexOf(10, end - 1);
      if (lineEnd >= start) end = lineEnd + 1;
    }
    const last = end === body.length;
    yield { bytes: decodeTransfer(body.subarray(start, end), last), last };
    start = end;
  }
}

// RFC 2045 5.2: without a charset, US-ASCII; UTF-8 reads that and the 8-bit mail that
// forgets to say so. A label no decoder knows is read as UTF-8 too.
function charsetDecoder(charset: string | null): TextDecoder {
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

type TransferDecode = (bytes: Buffer, last: boolean) => Buffer;

function transferDecoder(encoding: string): TransferDecode {
  if (encoding === 'base64') {
    // Groups of four characters decode on their own; the rest waits for the next chunk.
    let carry = '';
    return (bytes, last) => {
      const clean = carry + bytes.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
      const whole = last ? clean.length : clean.length - (clean.length % 4);
      carry = clean.slice(whole);
      return Buffer.from(clean.slice(0, whole), 'base64');
    };
  }
  if (encoding === 'quoted-printable') {
    // An escape or soft line break (=XX, =CRLF) cut by the chunk's end waits for the next.
    let carry = '';
    return (bytes, last) => {
      const whole = carry + bytes.toString('latin1');
      const cut = last ? -1 : whole.search(/=(?:[0-9A-Fa-f]|\r)?$/);
      carry = cut === -1 ? '' : whole.slice(cut);
      const ready = cut === -1 ? whole : whole.slice(0, cut);
      return Buffer.from(
        ready
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
        'latin1',
      );
    };
  }
  return (bytes) => bytes;
}
