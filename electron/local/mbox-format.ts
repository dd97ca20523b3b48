// mbox (RFC 4155, and the mboxrd / mboxo variants of qmail's mbox(5)): each message starts
// with a "From " line (the envelope sender and a date in asctime form) and ends with an
// empty line. A body line that would look like a "From " line is quoted with ">":
//   - mboxrd quotes /^>*From / by one more ">", so unquoting (removing one ">") is exact;
//   - mboxo quotes only /^From /, so ">From " in a message cannot be told from a quoted
//     "From ": unquoting it turns both into "From " (the format's known loss).
// Letterbox writes mboxrd and keeps each message's bytes, line endings included (CRLF as
// the server sent them), so an export read back gives the very same bytes.

export type MboxFormat = 'mboxrd' | 'mboxo';

const LF = 0x0a;
const GT = 0x3e;
const FROM = Buffer.from('From ', 'latin1');
const QUOTE = Buffer.from('>', 'latin1');

// "Thu Jan  1 08:00:00 2024": asctime in UTC, as RFC 4155 2 asks of the From_ line.
export function asctime(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number): string => String(value).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${days[date.getUTCDay()] ?? 'Mon'} ${months[date.getUTCMonth()] ?? 'Jan'} ${String(date.getUTCDate()).padStart(2, ' ')} ${time} ${date.getUTCFullYear()}`;
}

// The envelope sender of the From_ line: one address-like word, else MAILER-DAEMON.
export function envelopeSender(address: string | null | undefined): string {
  return address !== null && address !== undefined && /^[^\s<>"]+@[^\s<>"]+$/.test(address) ? address : 'MAILER-DAEMON';
}

// Splits bytes into lines, each keeping its "\n" (and any "\r" before it).
function lines(bytes: Buffer): Buffer[] {
  const result: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, start)) {
    result.push(bytes.subarray(start, at + 1));
    start = at + 1;
  }
  if (start < bytes.length) result.push(bytes.subarray(start));
  return result;
}

function startsFromLine(line: Buffer, pattern: RegExp): boolean {
  // Only the start matters, and "From " is ASCII: latin1 keeps each byte one character.
  return pattern.test(line.subarray(0, Math.min(line.length, 64)).toString('latin1'));
}

export type MboxEntry = { readonly sender: string | null; readonly date: Date; readonly source: Buffer };

// One message as mboxrd: From_ line, quoted lines, a line break if the message lacks a
// final one, then the empty line that ends every message. The lines to quote are found by
// searching for "From " (issue 9, hostile sizes: splitting a 137 MB message into its 1.8
// million lines took seconds); the rest is copied in spans between them.
export function mboxEntry(entry: MboxEntry): Buffer {
  const { source } = entry;
  const parts: Buffer[] = [Buffer.from(`From ${envelopeSender(entry.sender)} ${asctime(entry.date)}\n`, 'latin1')];
  let copied = 0;
  for (let at = source.indexOf(FROM); at !== -1; at = source.indexOf(FROM, at + FROM.length)) {
    // Quoted when its line is /^>*From /: any number of ">" at the start of a line, then "From ".
    let start = at;
    while (start > 0 && source[start - 1] === GT) start -= 1;
    if (start > 0 && source[start - 1] !== LF) continue;
    parts.push(source.subarray(copied, start), QUOTE);
    copied = start;
  }
  parts.push(source.subarray(copied));
  if (source.length > 0 && source[source.length - 1] !== LF) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

function isEmptyLine(line: Buffer | undefined): boolean {
  if (line === undefined) return true;
  return line.equals(Buffer.from('\n')) || line.equals(Buffer.from('\r\n'));
}

// The messages of an mbox, unquoted. A "From " line starts a message only at the start of
// the file or after an empty line (RFC 4155 2), so an unquoted "From " inside a body written
// by a careless tool does not split its message. The empty line before each From_ line (and
// at the end of the file) belongs to the format, not to the message.
export function parseMbox(bytes: Buffer, format: MboxFormat = 'mboxrd'): readonly Buffer[] {
  const unquote = format === 'mboxrd' ? /^>+From / : /^>From /;
  const messages: Buffer[][] = [];
  let current: Buffer[] | null = null;
  let previous: Buffer | undefined;
  for (const line of lines(bytes)) {
    if (startsFromLine(line, /^From /) && (current === null || isEmptyLine(previous))) {
      if (current !== null) current.pop();
      current = [];
      messages.push(current);
    } else if (current !== null) {
      current.push(startsFromLine(line, unquote) ? line.subarray(1) : line);
    }
    previous = line;
  }
  const last = messages[messages.length - 1];
  if (last !== undefined && isEmptyLine(last[last.length - 1])) last.pop();
  return messages.map((parts) => Buffer.concat(parts)).filter((message) => message.length > 0);
}

// Whether bytes look like an mbox (its first line a From_ line) rather than one message.
export function looksLikeMbox(bytes: Buffer): boolean {
  return startsFromLine(bytes, /^From /);
}
