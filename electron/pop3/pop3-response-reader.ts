// Cuts the byte stream from a POP3 server into responses: a status line, then (for commands
// that have one, and only after +OK) a dot-terminated body. Any chunking is fine, including
// several pipelined responses in one chunk.
import { Pop3MultilineDecoder } from './pop3-multiline-decoder.ts';
import { parseStatusLine, Pop3ProtocolError, type Pop3StatusLine } from './pop3-status-line.ts';

export type Pop3Response = Pop3StatusLine & {
  // The decoded body of a multi-line response; null for single-line ones and for -ERR.
  readonly body: Buffer | null;
};

export type ReaderLimits = {
  // RFC 2449 4 caps a response line at 512 octets; real servers overshoot a little, so a
  // bound well above that keeps a hostile server from growing the buffer without end.
  readonly maxStatusLineBytes: number;
  readonly maxBodyBytes: number;
};

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxStatusLineBytes: 8 * 1024,
  maxBodyBytes: 512 * 1024 * 1024,
};

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class Pop3ResponseReader {
  readonly #limits: ReaderLimits;
  #buffered: Buffer = EMPTY;
  #status: Pop3StatusLine | null = null;
  #decoder: Pop3MultilineDecoder | null = null;

  constructor(limits: ReaderLimits = DEFAULT_READER_LIMITS) {
    this.#limits = limits;
  }

  push(chunk: Buffer): void {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
  }

  // Bytes received that no response has claimed yet.
  get bufferedBytes(): number {
    return this.#buffered.length;
  }

  // The next complete response, or null when more bytes are needed. `expectsBody` says
  // whether the command this response answers has a multi-line form (RFC 1939: LIST, UIDL,
  // TOP, RETR without argument; RFC 2449: CAPA). Throws Pop3ProtocolError on garbage.
  read(expectsBody: boolean): Pop3Response | null {
    let status = this.#status;
    let decoder = this.#decoder;
    if (status === null || decoder === null) {
      status = this.#readStatusLine();
      if (status === null) return null;
      if (status.status !== 'ok' || !expectsBody) return { ...status, body: null };
      decoder = new Pop3MultilineDecoder(this.#limits.maxBodyBytes);
      this.#status = status;
      this.#decoder = decoder;
    }
    const progress = decoder.write(this.#buffered);
    this.#buffered = this.#buffered.subarray(progress.consumed);
    if (!progress.done) return null;
    const response = { ...status, body: decoder.result() };
    this.#status = null;
    this.#decoder = null;
    return response;
  }

  #readStatusLine(): Pop3StatusLine | null {
    const end = this.#buffered.indexOf(LF);
    const max = this.#limits.maxStatusLineBytes;
    if (end === -1) {
      if (this.#buffered.length > max) throw new Pop3ProtocolError(`a response line exceeded ${max} bytes`);
      return null;
    }
    if (end + 1 > max) throw new Pop3ProtocolError(`a response line exceeded ${max} bytes`);
    // CRLF per RFC 1939 3; a bare LF is tolerated, a lone CR elsewhere stays part of the text.
    const contentEnd = end > 0 && this.#buffered[end - 1] === CR ? end - 1 : end;
    const line = this.#buffered.subarray(0, contentEnd).toString('utf8');
    this.#buffered = this.#buffered.subarray(end + 1);
    return parseStatusLine(line);
  }
}
