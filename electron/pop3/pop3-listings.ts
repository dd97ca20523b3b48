// The bodies of STAT, LIST and UIDL (RFC 1939 5 and 7): "msg-number size" or
// "msg-number unique-id" per line. Servers may add more after these (RFC 1939 5, LIST).
import { Pop3ProtocolError } from './pop3-status-line.ts';
import type { Pop3Stat } from './pop3-types.ts';

const NUMBER = /^\d{1,15}$/;
// RFC 1939 7: a unique-id is 1 to 70 characters in the range 0x21 to 0x7E.
const UNIQUE_ID = /^[\x21-\x7e]{1,70}$/;

export function bodyLines(body: Buffer): readonly string[] {
  const text = body.toString('latin1');
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function number(token: string | undefined, what: string): number {
  if (token === undefined || !NUMBER.test(token)) throw new Pop3ProtocolError(`${what} is not a number: ${JSON.stringify(token ?? '')}`);
  return Number(token);
}

function fields(line: string): readonly string[] {
  return line.trim().split(/[ \t]+/);
}

// RFC 1939 5: "+OK nn mm", the count and total size of messages not marked deleted.
export function parseStat(text: string): Pop3Stat {
  const [count, size] = fields(text);
  return {
    messageCount: number(count, 'the STAT message count'),
    sizeOctets: number(size, 'the STAT size'),
  };
}

export function parseList(body: Buffer): ReadonlyMap<number, number> {
  const sizes = new Map<number, number>();
  for (const line of bodyLines(body)) {
    const [messageNumber, size] = fields(line);
    sizes.set(number(messageNumber, 'a LIST message number'), number(size, 'a LIST size'));
  }
  return sizes;
}

export function parseUidl(body: Buffer): ReadonlyMap<number, string> {
  const uids = new Map<number, string>();
  for (const line of bodyLines(body)) {
    const [messageNumber, uid] = fields(line);
    if (uid === undefined || !UNIQUE_ID.test(uid)) {
      throw new Pop3ProtocolError(`a UIDL line has no valid unique-id: ${JSON.stringify(line.slice(0, 80))}`);
    }
    uids.set(number(messageNumber, 'a UIDL message number'), uid);
  }
  return uids;
}
