import { TextDecoder } from 'node:util';
import { contentTypeParameter, transferEncodingOf, type Entity } from './mime-entities.ts';

// One part's body as text, a chunk at a time (issue 9, hostile sizes): mailparser decodes a
// text part whole and keeps it as one string, twice over, so a 50 MB HTML body needs more
// than 100 MB of heap. Here the transfer encoding (RFC 2045 6.7, 6.8) and the charset are
// undone chunk by chunk, each chunk ending at a line break, and the caller stops reading
// when it has what it wants. CRLF comes out as LF, as mailparser gives it.
export function* decodedChunks(entity: Entity, chunkBytes = 1024 * 1024): Generator<string> {
  const { body } = entity;
  const decodeTransfer = transferDecoder(transferEncodingOf(entity.headerText));
  const decoder = charsetDecoder(contentTypeParameter(entity.headerText, 'charset'));
  let carriedReturn = '';
  for (let start = 0; start < body.length;) {
    let end = Math.min(body.length, start + chunkBytes);
    if (end < body.length) {
      const lineEnd = body.lastIndexOf(10, end - 1);
      if (lineEnd >= start) end = lineEnd + 1;
    }
    const last = end === body.length;
    let text = carriedReturn + decoder.decode(decodeTransfer(body.subarray(start, end), last), { stream: !last });
    // A CR that may be half of a CRLF waits for the next chunk.
    carriedReturn = !last && text.endsWith('\r') ? '\r' : '';
    if (carriedReturn !== '') text = text.slice(0, -1);
    start = end;
    yield text.replace(/\r\n/g, '\n');
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
