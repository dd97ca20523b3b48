// RFC 1939 3: the body of a multi-line response, decoded byte by byte across any chunking.
// A line starting with "." loses that dot; a line that is only "." ends the response.
// Line ends are kept exactly as sent, so a message comes out as the bytes the server holds.
import { Pop3ProtocolError } from './pop3-status-line.ts';

const DOT = 0x2e;
const CR = 0x0d;
const LF = 0x0a;
const CR_BYTE = Buffer.from([CR]);

// 'dot': a line began with "."; 'dot-cr': with ".\r". Both wait for the next byte to tell a
// stuffed line from the terminator.
type DecoderState = 'line-start' | 'in-line' | 'dot' | 'dot-cr';

export type DecodeProgress = {
  // Bytes of the input that belong to this response; the rest is the next response.
  readonly consumed: number;
  readonly done: boolean;
};

export class Pop3MultilineDecoder {
  readonly #maxBytes: number;
  #state: DecoderState = 'line-start';
  #chunks: Buffer[] = [];
  #size = 0;
  #done = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  #emit(part: Buffer): void {
    if (part.length === 0) return;
    this.#size += part.length;
    if (this.#size > this.#maxBytes) {
      throw new Pop3ProtocolError(`a multi-line response exceeded ${this.#maxBytes} bytes`);
    }
    this.#chunks.push(part);
  }

  write(input: Buffer): DecodeProgress {
    if (this.#done) return { consumed: 0, done: true };
    let index = 0;
    while (index < input.length) {
      const byte = input[index] ?? 0;
      switch (this.#state) {
        case 'line-start':
          if (byte === DOT) {
            this.#state = 'dot';
            index += 1;
          } else {
            this.#state = 'in-line';
          }
          break;
        case 'in-line': {
          const end = input.indexOf(LF, index);
          const stop = end === -1 ? input.length : end + 1;
          this.#emit(input.subarray(index, stop));
          index = stop;
          if (end !== -1) this.#state = 'line-start';
          break;
        }
        case 'dot':
          if (byte === CR) {
            this.#state = 'dot-cr';
            index += 1;
          } else if (byte === LF) {
            // A bare-LF terminator: lenient, and safe because a conforming server stuffs
            // every content line that starts with ".".
            return this.#finish(index + 1);
          } else {
            // A stuffed line: the first dot is dropped, the rest is content.
            this.#state = 'in-line';
          }
          break;
        case 'dot-cr':
          if (byte === LF) return this.#finish(index + 1);
          // ".\r" then more: a lone CR is content, like any other byte in a line.
          this.#emit(CR_BYTE);
          this.#state = 'in-line';
          break;
      }
    }
    return { consumed: input.length, done: false };
  }

  #finish(consumed: number): DecodeProgress {
    this.#done = true;
    return { consumed, done: true };
  }

  result(): Buffer {
    if (!this.#done) throw new Error('the multi-line response has not ended yet');
    return Buffer.concat(this.#chunks, this.#size);
  }
}
