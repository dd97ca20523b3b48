// mbox (RFC 4155, and the mboxrd / mboxo variants of qmail's mbox(5)): each message starts
// with a "From " line (the envelope sender and a date in asctime form) and ends with an
// empty line. A body line that would look like a "From " line is quoted with ">":
//   - mboxrd quotes /^>*From / by one more ">", so unquoting (removing one ">") is exact;
//   - mboxo quotes only /^From /, so ">From " in a message cannot be told from a quoted
//     "From ": unquoting it turns both into "From " (the format's known loss).
// Letterbox writes mboxrd and keeps each message's bytes, line endings included (CRLF as
// the server sent them), so an export read back gives the very same bytes.

import { createMboxSplitter } from './mbox-splitter.ts';

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

// The messages of a whole mbox held in memory (tests, small files); imports read theirs in
// chunks through the same splitter (mbox-splitter.ts).
export function parseMbox(bytes: Buffer, format: MboxFormat = 'mboxrd'): readonly Buffer[] {
  const splitter = createMboxSplitter(format);
  return [...splitter.push(bytes), ...splitter.end()];
}

// Whether bytes look like an mbox (its first line a From_ line) rather than one message.
export function looksLikeMbox(bytes: Buffer): boolean {
  return startsFromLine(bytes, /^From /);
}
