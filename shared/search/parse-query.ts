// The search language, parsed in this one place. Forms:
//   words and "exact phrases"                  anywhere in the message
//   from: to: cc: subject: body: filename:     in one field (value a word or "a phrase")
//   has:attachment  is:unread is:read is:flagged is:unflagged is:answered
//   keyword:NAME (tag:NAME)  in:FOLDER  account:NAME
//   before:YYYY-MM-DD (sent before that day)  after:YYYY-MM-DD (on or after it, as IMAP
//   SINCE)  on:YYYY-MM-DD;  larger:10k  smaller:2M (k, M, G are powers of 1024)
//   a OR b, -term to negate, ( ) to group; terms side by side must all match.
import type { CalendarDay, ParseResult, SearchNode, TextField } from './search-query.ts';

const textFields: Readonly<Record<string, TextField>> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  subject: 'subject',
  body: 'body',
  filename: 'filename',
};

export const operatorNames: readonly string[] = [
  ...Object.keys(textFields),
  'has',
  'is',
  'keyword',
  'tag',
  'in',
  'account',
  'before',
  'after',
  'on',
  'larger',
  'smaller',
];

type Token =
  | { readonly kind: 'open' | 'close' | 'or' | 'minus'; readonly position: number }
  | { readonly kind: 'term'; readonly operator: string | null; readonly value: string; readonly quoted: boolean; readonly position: number };

class QueryError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

export function parseQuery(input: string): ParseResult {
  try {
    const tokens = tokenize(input);
    const parser = new Parser(tokens);
    const query = parser.parseAll();
    return { ok: true, query };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

function tokenize(input: string): readonly Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (isSpace(char)) {
      index += 1;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', position: index });
      index += 1;
      continue;
    }
    // A leading '-' negates what follows; inside a word ("e-mail") it is part of the word.
    if (char === '-' && index + 1 < input.length && !isSpace(input[index + 1] ?? ' ')) {
      tokens.push({ kind: 'minus', position: index });
      index += 1;
      continue;
    }
    const start = index;
    if (char === '"') {
      const [value, next] = readQuoted(input, index);
      tokens.push({ kind: 'term', operator: null, value, quoted: true, position: start });
      index = next;
      continue;
    }
    let word = '';
    while (index < input.length && !isSpace(input[index] ?? ' ') && input[index] !== '(' && input[index] !== ')') {
      const current = input[index] ?? '';
      const operatorMatch = /^([A-Za-z]+):$/.exec(word + current);
      if (operatorMatch?.[1] !== undefined && word.length === operatorMatch[1].length) {
        tokens.push(readOperatorTerm(input, operatorMatch[1].toLowerCase(), start, index + 1));
        word = '';
        index = skipOperatorValue(input, index + 1);
        break;
      }
      word += current;
      index += 1;
    }
    if (word.length === 0) continue;
    // RFC-style uppercase OR joins alternatives; "or" in lower case is an ordinary word.
    if (word === 'OR' || word === '|') tokens.push({ kind: 'or', position: start });
    else if (word === 'AND') continue;
    else tokens.push({ kind: 'term', operator: null, value: word, quoted: false, position: start });
  }
  return tokens;
}

function readQuoted(input: string, openAt: number): readonly [string, number] {
  const close = input.indexOf('"', openAt + 1);
  if (close === -1) throw new QueryError('A quotation mark is not closed: add the closing ".', openAt);
  return [input.slice(openAt + 1, close), close + 1];
}

function readOperatorTerm(input: string, operator: string, position: number, valueStart: number): Token {
  if (!operatorNames.includes(operator)) {
    throw new QueryError(
      `"${operator}:" is not a search operator. Use one of ${operatorNames.map((name) => `${name}:`).join(' ')}, or put the text in quotes.`,
      position,
    );
  }
  const first = input[valueStart];
  if (first === '"') {
    const [value] = readQuoted(input, valueStart);
    return { kind: 'term', operator, value, quoted: true, position };
  }
  let end = valueStart;
  while (end < input.length && !isSpace(input[end] ?? ' ') && input[end] !== ')') end += 1;
  const value = input.slice(valueStart, end);
  if (value.length === 0) throw new QueryError(`"${operator}:" needs a value right after the colon, e.g. ${exampleFor(operator)}.`, position);
  return { kind: 'term', operator, value, quoted: false, position };
}

function skipOperatorValue(input: string, valueStart: number): number {
  if (input[valueStart] === '"') return readQuoted(input, valueStart)[1];
  let end = valueStart;
  while (end < input.length && !isSpace(input[end] ?? ' ') && input[end] !== ')') end += 1;
  return end;
}

function exampleFor(operator: string): string {
  switch (operator) {
    case 'before':
    case 'after':
    case 'on':
      return `${operator}:2024-03-31`;
    case 'larger':
    case 'smaller':
      return `${operator}:10k`;
    case 'is':
      return 'is:unread';
    case 'has':
      return 'has:attachment';
    default:
      return `${operator}:word`;
  }
}

class Parser {
  private index = 0;
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  parseAll(): SearchNode | null {
    if (this.tokens.length === 0) return null;
    const node = this.parseOr();
    const extra = this.tokens[this.index];
    if (extra !== undefined) {
      throw new QueryError(extra.kind === 'close' ? 'There is a ")" without a matching "(".' : 'The query could not be read here.', extra.position);
    }
    return node;
  }

  private parseOr(): SearchNode {
    const alternatives = [this.parseAnd()];
    while (this.tokens[this.index]?.kind === 'or') {
      const orToken = this.tokens[this.index];
      this.index += 1;
      const next = this.tokens[this.index];
      if (next === undefined || next.kind === 'close' || next.kind === 'or') {
        throw new QueryError('OR needs a term on both sides.', orToken?.position ?? 0);
      }
      alternatives.push(this.parseAnd());
    }
    return alternatives.length === 1 ? (alternatives[0] as SearchNode) : { kind: 'or', children: alternatives };
  }

  private parseAnd(): SearchNode {
    const terms: SearchNode[] = [];
    for (;;) {
      const token = this.tokens[this.index];
      if (token === undefined || token.kind === 'close' || token.kind === 'or') break;
      terms.push(this.parseUnary());
    }
    const first = this.tokens[this.index];
    if (terms.length === 0) throw new QueryError(first?.kind === 'or' ? 'OR needs a term on both sides.' : 'Something is missing here.', first?.position ?? 0);
    return terms.length === 1 ? (terms[0] as SearchNode) : { kind: 'and', children: terms };
  }

  private parseUnary(): SearchNode {
    const token = this.tokens[this.index];
    if (token?.kind === 'minus') {
      this.index += 1;
      const next = this.tokens[this.index];
      if (next === undefined || next.kind === 'close' || next.kind === 'or') throw new QueryError('"-" needs a term right after it.', token.position);
      return { kind: 'not', child: this.parseUnary() };
    }
    if (token?.kind === 'open') {
      this.index += 1;
      if (this.tokens[this.index]?.kind === 'close') throw new QueryError('The parentheses are empty.', token.position);
      const inner = this.parseOr();
      if (this.tokens[this.index]?.kind !== 'close') throw new QueryError('A "(" is not closed: add the closing ")".', token.position);
      this.index += 1;
      return inner;
    }
    if (token?.kind === 'term') {
      this.index += 1;
      return termNode(token.operator, token.value, token.quoted, token.position);
    }
    throw new QueryError('Something is missing here.', token?.position ?? 0);
  }
}

function termNode(operator: string | null, value: string, quoted: boolean, position: number): SearchNode {
  if (operator === null) return textNode(null, value, quoted, position);
  const field = textFields[operator];
  if (field !== undefined) return textNode(field, value, quoted, position);
  const lower = value.toLowerCase();
  switch (operator) {
    case 'has':
      if (lower === 'attachment' || lower === 'attachments') return { kind: 'has-attachment' };
      throw new QueryError(`"has:${value}" is not known. Use has:attachment.`, position);
    case 'is':
      return isNode(lower, value, position);
    case 'keyword':
    case 'tag':
      return { kind: 'keyword', name: value };
    case 'in':
      return { kind: 'folder', name: value };
    case 'account':
      return { kind: 'account', name: value };
    case 'before':
    case 'after':
    case 'on':
      return { kind: 'date', operator, day: parseDay(operator, value, position) };
    case 'larger':
    case 'smaller':
      return { kind: 'size', operator, bytes: parseSize(operator, value, position) };
    default:
      throw new QueryError(`"${operator}:" is not a search operator.`, position);
  }
}

function textNode(field: TextField | null, value: string, quoted: boolean, position: number): SearchNode {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new QueryError('The quotation marks are empty: put the words to find between them.', position);
  return { kind: 'text', field, value: trimmed, phrase: quoted };
}

function isNode(lower: string, value: string, position: number): SearchNode {
  switch (lower) {
    case 'unread':
      return { kind: 'flag', flag: 'seen', set: false };
    case 'read':
    case 'seen':
      return { kind: 'flag', flag: 'seen', set: true };
    case 'flagged':
    case 'starred':
      return { kind: 'flag', flag: 'flagged', set: true };
    case 'unflagged':
      return { kind: 'flag', flag: 'flagged', set: false };
    case 'answered':
    case 'replied':
      return { kind: 'flag', flag: 'answered', set: true };
    default:
      throw new QueryError(`"is:${value}" is not known. Use is:unread, is:read, is:flagged, is:unflagged or is:answered.`, position);
  }
}

function parseDay(operator: string, value: string, position: number): CalendarDay {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return { year, month, day };
    }
    throw new QueryError(`"${value}" is not a day of the calendar. Write ${operator}: with a real date, e.g. ${operator}:2024-03-31.`, position);
  }
  throw new QueryError(`"${operator}:${value}" is not a date. Write the date as year-month-day, e.g. ${operator}:2024-03-31.`, position);
}

const sizeUnits: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

function parseSize(operator: string, value: string, position: number): number {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(value);
  const unit = sizeUnits[(match?.[2] ?? 'x').toLowerCase()];
  if (!match || unit === undefined) {
    throw new QueryError(`"${operator}:${value}" is not a size. Write a number with k, M or G, e.g. ${operator}:10k or ${operator}:2M.`, position);
  }
  return Math.round(Number(match[1]) * unit);
}
