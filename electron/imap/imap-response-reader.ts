// Cuts a byte stream from an IMAP server into whole responses (RFC 3501 7: lines ending in
// CRLF, each ending in "{n}" followed by a literal of n bytes), refusing before it buffers
// anything past the caps: a literal announced larger than maxLiteralSize is refused from its
// "{n}" alone, a line longer than maxLineLength before its end arrives.
import type { ImapLimits } from './imap-limits.ts';

export type ReaderLimits = Pick<ImapLimits, 'maxLiteralSize' | 'maxLineLength' | 'maxResponseSize'>;

export type ImapProtocolProblem = 'literal-too-large' | 'line-too-long' | 'response-too-large' | 'malformed';

export class ImapProtocolError extends Error {
  readonly problem: ImapProtocolProblem;
  constructor(problem: ImapProtocolProblem, message: string) {
    super(message);
    this.name = 'ImapProtocolError';
    this.problem = problem;
  }
}

// One response: `lines` without their CRLF, and the literal that follows each line but the
// last (so lines.length === literals.length + 1).
export type RawResponse = {
  readonly lines: readonly Buffer[];
  readonly literals: readonly Buffer[];
};

const LITERAL_AT_END = /\{(\d{1,20})\+?\}$/;
// "{" and up to 20 digits, "+", "}": enough of a line's tail to find its literal marker.
const LITERAL_TAIL_BYTES = 24;

export class ImapResponseReader {
  readonly #limits: ReaderLimits;
  #buffer: Buffer = Buffer.alloc(0);
  #lines: Buffer[] = [];
  #literals: Buffer[] = [];
  #pendingLiteral: number | null = null;
  #responseBytes = 0;

  constructor(limits: ReaderLimits) {
    this.#limits = limits;
  }

  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
  }

  // The next whole response, or null until more bytes arrive. Throws ImapProtocolError when
  // the stream breaks a cap; the reader is then unusable.
  read(): RawResponse | null {
    for (;;) {
      if (this.#pendingLiteral !== null) {
        const size = this.#pendingLiteral;
        if (this.#buffer.length < size) return null;
        this.#literals.push(Buffer.from(this.#buffer.subarray(0, size)));
        this.#buffer = this.#buffer.subarray(size);
        this.#pendingLiteral = null;
        continue;
      }
      const end = this.#buffer.indexOf(0x0a);
      const lineLength = end === -1 ? this.#buffer.length : end;
      // The CR before LF is not counted against the cap.
      const contentLength = end > 0 && this.#buffer[end - 1] === 0x0d ? end - 1 : lineLength;
      if (contentLength > this.#limits.maxLineLength) {
        throw new ImapProtocolError('line-too-long', `a line longer than ${this.#limits.maxLineLength} bytes`);
      }
      if (end === -1) return null;
      const line = Buffer.from(this.#buffer.subarray(0, contentLength));
      this.#buffer = this.#buffer.subarray(end + 1);
      this.#count(end + 1);
      this.#lines.push(line);
      const tail = line.subarray(Math.max(0, line.length - LITERAL_TAIL_BYTES)).toString('latin1');
      const marker = LITERAL_AT_END.exec(tail);
      if (marker !== null) {
        const size = Number(marker[1]);
        if (!Number.isSafeInteger(size) || size > this.#limits.maxLiteralSize) {
          throw new ImapProtocolError('literal-too-large', `a literal larger than ${this.#limits.maxLiteralSize} bytes`);
        }
        this.#count(size);
        this.#pendingLiteral = size;
        continue;
      }
      const response: RawResponse = { lines: this.#lines, literals: this.#literals };
      this.#lines = [];
      this.#literals = [];
      this.#responseBytes = 0;
      return response;
    }
  }

  #count(bytes: number): void {
    this.#responseBytes += bytes;
    if (this.#responseBytes > this.#limits.maxResponseSize) {
      throw new ImapProtocolError('response-too-large', `a response larger than ${this.#limits.maxResponseSize} bytes`);
    }
  }
}
