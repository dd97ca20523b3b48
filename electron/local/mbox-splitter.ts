// An mbox read as it arrives, in chunks of any size, giving each message once its end is
// seen: an import of a file of any size holds one message and one chunk, never the file
// (issue 9, hostile sizes). The rules are mbox-format.ts's (RFC 4155 2): a "From " line
// starts a message at the start of the file or after an empty line; the empty line before
// it belongs to the format; quoted ">From " lines lose one ">" (mboxrd: any number of ">",
// mboxo: exactly one). Lines are found by searching for "From " rather than by splitting
// the bytes into lines: a 137 MB message has 1.8 million of them.
import type { MboxFormat } from './mbox-format.ts';

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM = Buffer.from('From ', 'latin1');

export type MboxSplitter = {
  // The messages this chunk completed.
  push(chunk: Buffer): Buffer[];
  // The last message, once the file has ended.
  end(): Buffer[];
};

// Without its last line when that line is empty: the empty line that ends an mbox message.
function withoutEmptyLastLine(message: Buffer): Buffer {
  const length = message.length;
  if (length >= 2 && message[length - 2] === CR && message[length - 1] === LF && (length === 2 || message[length - 3] === LF)) {
    return message.subarray(0, length - 2);
  }
  if (length >= 1 && message[length - 1] === LF && (length === 1 || message[length - 2] === LF)) return message.subarray(0, length - 1);
  return message;
}

// Whether the line that ends just before `at` (a line start) is empty. A region starts at a
// line start, so that line lies inside it unless `at` is 0: then it was the previous region's.
function emptyLineBefore(region: Buffer, at: number, previousRegionEndedEmpty: boolean): boolean {
  if (at === 0) return previousRegionEndedEmpty;
  if (region[at - 1] !== LF) return false;
  if (at === 1 || region[at - 2] === LF) return true;
  return region[at - 2] === CR && (at === 2 || region[at - 3] === LF);
}

export function createMboxSplitter(format: MboxFormat = 'mboxrd', maxMessageBytes = Number.POSITIVE_INFINITY): MboxSplitter {
  // The bytes after the last line break seen: a line still arriving.
  let carry: Buffer = Buffer.alloc(0);
  // The current message's spans, unquoted; null before the first From_ line.
  let current: Buffer[] | null = null;
  let currentBytes = 0;
  // Whether the last complete line seen was empty (or there was none: the file's start).
  let lastLineEmpty = true;

  function append(span: Buffer): void {
    if (current === null || span.length === 0) return;
    current.push(span);
    currentBytes += span.length;
    if (currentBytes > maxMessageBytes) {
      throw new RangeError(`a message is larger than ${Math.round(maxMessageBytes / (1024 * 1024))} MB`);
    }
  }

  function finishCurrent(into: Buffer[]): void {
    if (current !== null) {
      const message = withoutEmptyLastLine(Buffer.concat(current, currentBytes));
      if (message.length > 0) into.push(message);
    }
    current = [];
    currentBytes = 0;
  }

  // Complete lines: the region starts at a line start and ends with a line break (or the file).
  function lines(region: Buffer, done: Buffer[]): void {
    let copied = 0;
    for (let at = region.indexOf(FROM); at !== -1; at = region.indexOf(FROM, at + FROM.length)) {
      let start = at;
      while (start > 0 && region[start - 1] === GT) start -= 1;
      if (start > 0 && region[start - 1] !== LF) continue;
      if (start === at) {
        if (current !== null && !emptyLineBefore(region, at, lastLineEmpty)) continue;
        append(region.subarray(copied, at));
        finishCurrent(done);
        // The From_ line itself is the format's, not the message's.
        const lineEnd = region.indexOf(LF, at);
        copied = lineEnd === -1 ? region.length : lineEnd + 1;
        at = copied - FROM.length;
      } else if (format === 'mboxrd' || at - start === 1) {
        append(region.subarray(copied, start));
        copied = start + 1;
      }
    }
    append(region.subarray(copied));
    if (region.length > 0) lastLineEmpty = emptyLineBefore(region, region.length, lastLineEmpty);
  }

  return {
    push(chunk) {
      const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const lastBreak = bytes.lastIndexOf(LF);
      const done: Buffer[] = [];
      if (lastBreak === -1) {
        carry = bytes;
        if (carry.length > maxMessageBytes) throw new RangeError(`a line is larger than ${Math.round(maxMessageBytes / (1024 * 1024))} MB`);
        return done;
      }
      // Copied: a span of `bytes` kept in a message would otherwise hold the whole chunk.
      carry = Buffer.from(bytes.subarray(lastBreak + 1));
      lines(bytes.subarray(0, lastBreak + 1), done);
      return done;
    },
    end() {
      const done: Buffer[] = [];
      lines(carry, done);
      carry = Buffer.alloc(0);
      if (current !== null && current.length > 0) {
        const message = withoutEmptyLastLine(Buffer.concat(current, currentBytes));
        if (message.length > 0) done.push(message);
      }
      current = null;
      currentBytes = 0;
      return done;
    },
  };
}
