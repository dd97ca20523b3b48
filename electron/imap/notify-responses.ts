// The responses a NOTIFY connection (RFC 5465) reads, parsed from whole responses of
// imap-response-reader.ts: status conditions and their codes, CAPABILITY, and the unsolicited
// STATUS (RFC 3501 7.2.4) and LIST (7.2.2, RFC 5258 extended data) that tell of changes in
// mailboxes not selected. Anything else is recognised only by name. Whatever breaks the
// grammar throws ImapProtocolError('malformed'): the connection is then dropped, never guessed at.
import { decodeModifiedUtf7 } from './modified-utf7.ts';
import { ImapProtocolError, type RawResponse } from './imap-response-reader.ts';

export type ResponseCode = { readonly name: string; readonly text: string };

export type ConditionStatus = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';

export type MailboxStatus = {
  readonly messages?: number;
  readonly uidNext?: number;
  readonly uidValidity?: number;
  readonly unseen?: number;
  // RFC 7162: up to 2^63 - 1, so kept as decimal text.
  readonly highestModseq?: string;
};

export type ImapResponse =
  | { readonly kind: 'continuation'; readonly text: string }
  | { readonly kind: 'tagged'; readonly tag: string; readonly status: 'OK' | 'NO' | 'BAD'; readonly code: ResponseCode | null; readonly text: string }
  | { readonly kind: 'condition'; readonly status: ConditionStatus; readonly code: ResponseCode | null; readonly text: string }
  | { readonly kind: 'capability'; readonly capabilities: readonly string[] }
  | { readonly kind: 'status'; readonly mailbox: string; readonly status: MailboxStatus }
  | {
      readonly kind: 'list';
      readonly mailbox: string;
      readonly flags: readonly string[];
      readonly delimiter: string | null;
      // RFC 5465 5.4: a rename names the old mailbox in the OLDNAME extended item.
      readonly oldName: string | null;
    }
  | { readonly kind: 'other'; readonly name: string };

export type ParseLimits = {
  // Values (atoms, strings, lists) in one response; guards nesting and item counts.
  readonly maxTokens: number;
};

const MAX_DEPTH = 16;
const MAX_UINT32 = 0xffffffff;
const MAX_MODSEQ = (1n << 63n) - 1n;

type Value = { readonly kind: 'atom'; readonly text: string } | { readonly kind: 'string'; readonly bytes: Buffer } | { readonly kind: 'nil' } | { readonly kind: 'list'; readonly items: readonly Value[] };

function malformed(what: string): ImapProtocolError {
  return new ImapProtocolError('malformed', `a malformed response (${what})`);
}

// Reads a response's bytes, stepping over each literal where its "{n}" ends a line.
class Cursor {
  readonly #lines: readonly Buffer[];
  readonly #literals: readonly Buffer[];
  readonly #limits: ParseLimits;
  #line = 0;
  #offset = 0;
  #tokens = 0;

  constructor(response: RawResponse, limits: ParseLimits) {
    this.#lines = response.lines;
    this.#literals = response.literals;
    this.#limits = limits;
  }

  get #current(): Buffer {
    return this.#lines[this.#line] ?? Buffer.alloc(0);
  }

  atEnd(): boolean {
    return this.#line === this.#lines.length - 1 && this.#offset >= this.#current.length;
  }

  peek(): number | null {
    const current = this.#current;
    return this.#offset < current.length ? (current[this.#offset] ?? null) : null;
  }

  expect(byte: number, what: string): void {
    if (this.peek() !== byte) throw malformed(`expected ${what}`);
    this.#offset += 1;
  }

  space(): void {
    this.expect(0x20, 'a space');
  }

  // The rest of the current line as text (human-readable text, codes): 8-bit bytes kept as UTF-8.
  rest(): string {
    const text = this.#current.subarray(this.#offset).toString('utf8');
    this.#offset = this.#current.length;
    return text;
  }

  // An atom: anything up to a space, a parenthesis, a bracket or the end of the line.
  atom(stopAtBracket = false): string {
    const current = this.#current;
    const start = this.#offset;
    while (this.#offset < current.length) {
      const byte = current[this.#offset] ?? 0;
      if (byte === 0x20 || byte === 0x28 || byte === 0x29 || (stopAtBracket && byte === 0x5d)) break;
      // RFC 3501 9: atoms hold no CTL, no 8-bit and no quoted-specials or literal start.
      if (byte < 0x21 || byte > 0x7e || byte === 0x22 || byte === 0x7b) throw malformed('a character not allowed in an atom');
      this.#offset += 1;
    }
    if (this.#offset === start) throw malformed('an empty atom');
    this.#count();
    return current.subarray(start, this.#offset).toString('latin1');
  }

  // An atom, a quoted string, a literal, NIL or a parenthesised list.
  value(depth = 0): Value {
    const byte = this.peek();
    if (byte === 0x22) return { kind: 'string', bytes: this.#quoted() };
    if (byte === 0x7b) return { kind: 'string', bytes: this.#literal() };
    if (byte === 0x28) return this.#list(depth);
    const text = this.atom();
    return text.toUpperCase() === 'NIL' ? { kind: 'nil' } : { kind: 'atom', text };
  }

  #list(depth: number): Value {
    if (depth >= MAX_DEPTH) throw malformed('lists nested too deep');
    this.expect(0x28, '"("');
    const items: Value[] = [];
    this.#count();
    while (this.peek() !== 0x29) {
      if (items.length > 0) this.space();
      items.push(this.value(depth + 1));
    }
    this.#offset += 1;
    return { kind: 'list', items };
  }

  #quoted(): Buffer {
    this.#offset += 1;
    const current = this.#current;
    const bytes: number[] = [];
    for (;;) {
      if (this.#offset >= current.length) throw malformed('an unterminated quoted string');
      const byte = current[this.#offset] ?? 0;
      this.#offset += 1;
      if (byte === 0x22) break;
      if (byte === 0x5c) {
        const escaped = current[this.#offset];
        // RFC 3501 9: only the quoted-specials may be escaped.
        if (escaped !== 0x22 && escaped !== 0x5c) throw malformed('a bad escape in a quoted string');
        bytes.push(escaped);
        this.#offset += 1;
        continue;
      }
      if (byte === 0x00) throw malformed('NUL in a quoted string');
      bytes.push(byte);
    }
    this.#count();
    return Buffer.from(bytes);
  }

  #literal(): Buffer {
    const current = this.#current;
    const close = current.indexOf(0x7d, this.#offset);
    // The reader split the response at each "{n}" that ends a line, and only there.
    if (close !== current.length - 1) throw malformed('a literal not at the end of its line');
    const literal = this.#literals[this.#line];
    if (literal === undefined) throw malformed('a literal without its bytes');
    this.#line += 1;
    this.#offset = 0;
    this.#count();
    return literal;
  }

  #count(): void {
    this.#tokens += 1;
    if (this.#tokens > this.#limits.maxTokens) throw malformed(`more than ${this.#limits.maxTokens} values`);
  }
}

export function parseResponse(raw: RawResponse, limits: ParseLimits): ImapResponse {
  const cursor = new Cursor(raw, limits);
  if (cursor.peek() === 0x2b) {
    cursor.expect(0x2b, '"+"');
    if (cursor.peek() === 0x20) cursor.space();
    return { kind: 'continuation', text: cursor.rest() };
  }
  const tag = cursor.atom();
  cursor.space();
  const name = cursor.atom().toUpperCase();
  if (tag !== '*') {
    if (name !== 'OK' && name !== 'NO' && name !== 'BAD') throw malformed(`a tagged ${name}`);
    const { code, text } = condition(cursor);
    return { kind: 'tagged', tag, status: name, code, text };
  }
  switch (name) {
    case 'OK':
    case 'NO':
    case 'BAD':
    case 'BYE':
    case 'PREAUTH': {
      const { code, text } = condition(cursor);
      return { kind: 'condition', status: name, code, text };
    }
    case 'CAPABILITY':
      return { kind: 'capability', capabilities: capabilityList(cursor) };
    case 'STATUS':
      return statusResponse(cursor);
    case 'LIST':
      return listResponse(cursor);
    default:
      return { kind: 'other', name };
  }
}

function condition(cursor: Cursor): { code: ResponseCode | null; text: string } {
  if (cursor.atEnd()) return { code: null, text: '' };
  cursor.space();
  let code: ResponseCode | null = null;
  if (cursor.peek() === 0x5b) {
    cursor.expect(0x5b, '"["');
    const name = cursor.atom(true).toUpperCase();
    const rest = cursor.rest();
    const close = rest.indexOf(']');
    if (close === -1) throw malformed('an unterminated response code');
    code = { name, text: rest.slice(0, close).trim() };
    return { code, text: rest.slice(close + 1).trim() };
  }
  return { code, text: cursor.rest() };
}

function capabilityList(cursor: Cursor): readonly string[] {
  const capabilities: string[] = [];
  while (!cursor.atEnd()) {
    cursor.space();
    capabilities.push(cursor.atom().toUpperCase());
  }
  return capabilities;
}

export function capabilitiesFromCode(code: ResponseCode | null): readonly string[] | null {
  if (code?.name !== 'CAPABILITY') return null;
  return code.text.split(' ').filter((word) => word.length > 0).map((word) => word.toUpperCase());
}

function statusResponse(cursor: Cursor): ImapResponse {
  cursor.space();
  const mailbox = mailboxName(cursor.value());
  cursor.space();
  const list = cursor.value();
  if (list.kind !== 'list' || list.items.length % 2 !== 0) throw malformed('STATUS without attribute pairs');
  const status: { -readonly [K in keyof MailboxStatus]: MailboxStatus[K] } = {};
  for (let index = 0; index < list.items.length; index += 2) {
    const attribute = list.items[index];
    const value = list.items[index + 1];
    if (attribute?.kind !== 'atom' || value === undefined) throw malformed('a STATUS attribute that is not an atom');
    switch (attribute.text.toUpperCase()) {
      case 'MESSAGES':
        status.messages = uint32(value);
        break;
      case 'UIDNEXT':
        status.uidNext = uint32(value);
        break;
      case 'UIDVALIDITY':
        status.uidValidity = uint32(value);
        break;
      case 'UNSEEN':
        status.unseen = uint32(value);
        break;
      case 'HIGHESTMODSEQ':
        status.highestModseq = modseq(value);
        break;
      default:
        // RECENT, SIZE, APPENDLIMIT and the like: not needed to decide what to resync.
        break;
    }
  }
  if (!cursor.atEnd()) throw malformed('text after STATUS');
  return { kind: 'status', mailbox, status };
}

function listResponse(cursor: Cursor): ImapResponse {
  cursor.space();
  const flagList = cursor.value();
  if (flagList.kind !== 'list') throw malformed('LIST without its flags');
  const flags = flagList.items.map((item) => {
    if (item.kind !== 'atom') throw malformed('a LIST flag that is not an atom');
    return item.text;
  });
  cursor.space();
  const delimiterValue = cursor.value();
  let delimiter: string | null = null;
  if (delimiterValue.kind === 'string') {
    if (delimiterValue.bytes.length !== 1 || (delimiterValue.bytes[0] ?? 0) > 0x7e) throw malformed('a LIST delimiter of more than one character');
    delimiter = delimiterValue.bytes.toString('latin1');
  } else if (delimiterValue.kind !== 'nil') {
    throw malformed('a LIST delimiter that is not a string');
  }
  cursor.space();
  const mailbox = mailboxName(cursor.value());
  let oldName: string | null = null;
  if (!cursor.atEnd()) {
    cursor.space();
    const extended = cursor.value();
    if (extended.kind !== 'list' || extended.items.length % 2 !== 0) throw malformed('LIST extended data that is not pairs');
    for (let index = 0; index < extended.items.length; index += 2) {
      const tag = extended.items[index];
      const value = extended.items[index + 1];
      if (tag === undefined || (tag.kind !== 'string' && tag.kind !== 'atom')) throw malformed('a LIST extended item without a name');
      const tagName = tag.kind === 'atom' ? tag.text : tag.bytes.toString('latin1');
      if (tagName.toUpperCase() !== 'OLDNAME') continue;
      const first = value?.kind === 'list' ? value.items[0] : undefined;
      if (first === undefined || value?.kind !== 'list' || value.items.length !== 1) throw malformed('OLDNAME without one mailbox name');
      oldName = mailboxName(first);
    }
  }
  if (!cursor.atEnd()) throw malformed('text after LIST');
  return { kind: 'list', mailbox, flags, delimiter, oldName };
}

function uint32(value: Value): number {
  if (value.kind !== 'atom' || !/^\d{1,10}$/.test(value.text)) throw malformed('a number that is not a number');
  const number = Number(value.text);
  if (number > MAX_UINT32) throw malformed('a number larger than 32 bits');
  return number;
}

function modseq(value: Value): string {
  if (value.kind !== 'atom' || !/^\d{1,19}$/.test(value.text)) throw malformed('a mod-sequence that is not a number');
  const number = BigInt(value.text);
  if (number > MAX_MODSEQ) throw malformed('a mod-sequence larger than 63 bits');
  return number.toString();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// RFC 3501 5.1.3 names are modified UTF-7; Dovecot 2.3 sends the names in NOTIFY's STATUS
// and LIST as raw UTF-8 (seen with 2.3.19), and RFC 6855 servers do so after ENABLE
// UTF8=ACCEPT. Pure ASCII that is valid modified UTF-7 is read as such; any other ASCII,
// and 8-bit text that is valid UTF-8, as it stands. INBOX is one name in any case (5.1).
export function decodeMailboxName(bytes: Buffer): string {
  if (bytes.length === 0) throw malformed('an empty mailbox name');
  if (bytes.includes(0x00) || bytes.includes(0x0d) || bytes.includes(0x0a)) throw malformed('a control character in a mailbox name');
  let name: string;
  if (bytes.every((byte) => byte < 0x80)) {
    const ascii = bytes.toString('latin1');
    name = decodeModifiedUtf7(ascii) ?? ascii;
  } else {
    try {
      name = utf8.decode(bytes);
    } catch {
      throw malformed('a mailbox name that is neither UTF-8 nor modified UTF-7');
    }
  }
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

function mailboxName(value: Value): string {
  if (value.kind === 'string') return decodeMailboxName(value.bytes);
  if (value.kind === 'atom') return decodeMailboxName(Buffer.from(value.text, 'latin1'));
  throw malformed('a mailbox name that is not a string');
}
