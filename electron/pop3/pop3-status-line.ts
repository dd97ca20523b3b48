// RFC 1939 3 status indicators, with the RFC 2449 8 extended response code after them.
export type Pop3Status = 'ok' | 'err' | 'continue';

export type Pop3StatusLine = {
  readonly status: Pop3Status;
  // Upper-cased, e.g. 'IN-USE' or 'SYS/TEMP'; null when the line carries none.
  readonly code: string | null;
  readonly text: string;
};

export class Pop3ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pop3ProtocolError';
  }
}

// RFC 2449 8: resp-code = "[" resp-level *("/" resp-level) "]", resp-level = 1*rchar,
// rchar = %x21-2E / %x30-5C / %x5E-7F (printable, no "/" and no "]").
const RESPONSE_CODE = /^\[([\x21-\x2e\x30-\x5c\x5e-\x7e]+(?:\/[\x21-\x2e\x30-\x5c\x5e-\x7e]+)*)\](?: |$)/;

function splitCode(rest: string): { code: string | null; text: string } {
  const match = RESPONSE_CODE.exec(rest);
  if (match === null) return { code: null, text: rest };
  return {
    code: (match[1] ?? '').toUpperCase(),
    text: rest.slice(match[0].length),
  };
}

function afterIndicator(line: string, indicator: string): string | null {
  if (!line.startsWith(indicator)) return null;
  const rest = line.slice(indicator.length);
  if (rest.length === 0) return '';
  // "+OKAY" is not "+OK": the indicator must end at a space (RFC 1939 3).
  if (rest[0] !== ' ' && rest[0] !== '\t') return null;
  return rest.slice(1);
}

// `line` is one response line without its line end.
export function parseStatusLine(line: string): Pop3StatusLine {
  const ok = afterIndicator(line, '+OK');
  if (ok !== null) return { status: 'ok', ...splitCode(ok) };
  const err = afterIndicator(line, '-ERR');
  if (err !== null) return { status: 'err', ...splitCode(err) };
  // RFC 5034 4: a SASL challenge is "+" SP base64 (or a bare "+" for an empty one).
  const challenge = afterIndicator(line, '+');
  if (challenge !== null) return { status: 'continue', code: null, text: challenge };
  throw new Pop3ProtocolError(`not a POP3 status line: ${JSON.stringify(line.slice(0, 60))}`);
}
