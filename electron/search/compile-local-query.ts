// The parsed query -> one SQL condition over messages m JOIN folders f JOIN accounts a,
// with FTS5 MATCH subqueries for the text terms. Pure: no database here.
import type { CalendarDay, SearchNode, TextField } from '../../shared/search/search-query.ts';
import { assertNever } from '../../shared/errors.ts';
import { equivalentAtoms } from '../../shared/keywords/keyword-atom.ts';

export type SqlCondition = {
  readonly sql: string;
  readonly params: readonly (string | number)[];
};

export type CompileOptions = {
  // Epoch ms of the first moment of a calendar day; the user's time zone by default.
  readonly dayStart?: (day: CalendarDay) => number;
  // Store at migration 17 or later: the trigram index has search_trigram_terms and pads
  // each column, so terms of one or two spaceless characters are index lookups.
  readonly shortTermsByVocabulary?: boolean;
  // Store at migration 21 or later: the indexes' rowids are date-ordered keys with the
  // message id in their low 32 bits.
  readonly dateKeyedRowids?: boolean;
};

// One FTS5 query: the table and the right-hand side of its MATCH, with that side's params.
export type IndexLookup = {
  readonly table: 'search_words' | 'search_trigrams';
  readonly match: string;
  readonly params: readonly (string | number)[];
};

// A condition split for a walk of the index newest first: the lookup every match is in,
// and what else a match must satisfy (null: nothing).
export type DateWalk = {
  readonly lookup: IndexLookup;
  readonly rest: SqlCondition | null;
};

const columnOf: Readonly<Record<TextField, string>> = {
  from: 'from_text',
  to: 'to_text',
  cc: 'cc_text',
  subject: 'subject',
  body: 'body',
  filename: 'filenames',
};

const allColumns = ['subject', 'from_text', 'to_text', 'cc_text', 'body', 'filenames'] as const;

// Scripts written without spaces between words: unicode61 would keep a whole run as one
// token, so these terms are looked up as substrings in the trigram index instead.
export const spacelessScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

// unicode61 splits on everything that is not a letter, a digit or a mark.
const separators = /[^\p{L}\p{N}\p{M}]+/u;

export function localDayStart(day: CalendarDay): number {
  return new Date(day.year, day.month - 1, day.day).getTime();
}

export function compileLocalQuery(node: SearchNode, options: CompileOptions = {}): SqlCondition {
  const params: (string | number)[] = [];
  const sql = conditionCompiler(options, params)(node);
  return { sql, params };
}

// The query as one index lookup AND the rest, when it is one: a lookup alone, or an AND
// whose word terms (negated ones too) make one FTS5 query, or failing that, whose first
// child that is a lookup drives it. Null when no lookup holds every match.
export function compileDateWalk(node: SearchNode, options: CompileOptions = {}): DateWalk | null {
  const shortTerms = options.shortTermsByVocabulary === true;
  const whole = indexLookup(node, shortTerms);
  if (whole !== null) return { lookup: whole, rest: null };
  if (node.kind !== 'and') return null;
  const isWord = (child: SearchNode) => child.kind === 'text' && !spacelessScript.test(child.value) && wordMatch(child.field, child.value, child.phrase) !== null;
  const words = node.children.filter(isWord);
  const negatedWords = node.children.filter((child) => child.kind === 'not' && isWord(child.child));
  let lookup: IndexLookup | null = null;
  let others: readonly SearchNode[] = [];
  if (words.length > 0) {
    const grouped = [...words, ...negatedWords];
    lookup = indexLookup(grouped.length === 1 && words[0] !== undefined ? words[0] : { kind: 'and', children: grouped }, shortTerms);
    others = node.children.filter((child) => !grouped.includes(child));
  }
  if (lookup === null) {
    const driver = node.children.find((child) => indexLookup(child, shortTerms) !== null);
    if (driver === undefined) return null;
    lookup = indexLookup(driver, shortTerms);
    others = node.children.filter((child) => child !== driver);
  }
  if (lookup === null) return null;
  if (others.length === 0) return { lookup, rest: null };
  const params: (string | number)[] = [];
  const compile = conditionCompiler(options, params);
  const rest = others.map(compile).join(' AND ');
  return { lookup, rest: { sql: rest, params } };
}

// The message id of an index row (qualify it with the table's name where others are joined).
export function messageIdOfRowid(options: CompileOptions): string {
  return options.dateKeyedRowids === true ? 'rowid & 4294967295' : 'rowid';
}

function lookupIds(lookup: IndexLookup, options: CompileOptions): string {
  return `SELECT ${messageIdOfRowid(options)} FROM ${lookup.table} WHERE ${lookup.table} MATCH ${lookup.match}`;
}

function conditionCompiler(options: CompileOptions, params: (string | number)[]): (node: SearchNode) => string {
  const dayStart = options.dayStart ?? localDayStart;
  const shortTerms = options.shortTermsByVocabulary === true;

  function compile(current: SearchNode): string {
    const lookup = indexLookup(current, shortTerms);
    if (lookup !== null) {
      params.push(...lookup.params);
      return `m.id IN (${lookupIds(lookup, options)})`;
    }
    switch (current.kind) {
      case 'text':
        return textCondition(current.field, current.value, params);
      case 'has-attachment':
        return 'm.has_attachments = 1';
      case 'flag':
        return `m.${current.flag} = ${current.set ? 1 : 0}`;
      case 'keyword': {
        // RFC 3501 2.3.2: flags, keywords among them, compare case-insensitively. The name
        // may be the atom, another client's spelling of it, or the label given here.
        const atoms = equivalentAtoms(current.name);
        const prefilter = keywordPrefilter(atoms, current.name, params);
        params.push(JSON.stringify(atoms), current.name);
        // The first test lets the planner read only messages that have keywords at all
        // (messages_with_keywords_by_date, migration 17).
        return `m.keywords_json <> '[]'${prefilter} AND EXISTS (SELECT 1 FROM json_each(m.keywords_json) k WHERE lower(k.value) IN (SELECT lower(value) FROM json_each(?))
          OR lower(k.value) IN (SELECT lower(atom) FROM keywords WHERE lower(label) = lower(?)))`;
      }
      case 'folder':
        params.push(current.name, current.name, current.name);
        return '(lower(f.name) = lower(?) OR lower(f.path) = lower(?) OR f.role = lower(?))';
      case 'account':
        params.push(current.name, current.name);
        return '(lower(a.name) = lower(?) OR lower(a.email) = lower(?))';
      case 'date': {
        const start = dayStart(current.day);
        const next = dayStart({ ...current.day, day: current.day.day + 1 });
        if (current.operator === 'before') {
          params.push(start);
          return 'm.date < ?';
        }
        if (current.operator === 'after') {
          params.push(start);
          return 'm.date >= ?';
        }
        params.push(start, next);
        return '(m.date >= ? AND m.date < ?)';
      }
      case 'size':
        params.push(current.bytes);
        return current.operator === 'larger' ? 'm.size > ?' : 'm.size < ?';
      case 'and':
      case 'or':
        return `(${current.children.map(compile).join(current.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${compile(current.child)})`;
      default:
        return assertNever(current);
    }
  }
  return compile;
}

// A test that every message with one of these keywords passes, far cheaper than reading
// its keywords' JSON (json_each per message was most of a keyword: search): the keyword's
// JSON string, in the JSON text lowered as SQLite's lower() does (ASCII only). Both JSON
// writers (JSON.stringify, SQLite's json functions) write a keyword of printable characters
// other than " and \ as itself in quotes, so the test is only made for such names; a label
// of that name (its atom is read from the keywords table) makes the test pass every message.
function keywordPrefilter(atoms: readonly string[], name: string, params: (string | number)[]): string {
  if (!atoms.every((atom) => /^[\x20-\x7e\u00a0-\ud7ff\ue000-\u{10ffff}]+$/u.test(atom) && !/["\\]/.test(atom))) return '';
  const needles = atoms.map((atom) => `"${atom.replace(/[A-Z]/g, (letter) => letter.toLowerCase())}"`);
  params.push(...needles, name);
  return ` AND (${needles.map(() => 'instr(lower(m.keywords_json), ?) > 0').join(' OR ')} OR EXISTS (SELECT 1 FROM keywords WHERE lower(label) = lower(?)))`;
}

// The one FTS5 query a condition is, or null: a word term, a spaceless term the trigram
// index answers, or words joined by AND or OR (one index lookup, not one per word), or
// words without other words ("budget -invoice" as "budget" NOT "invoice": one index walk
// instead of a second lookup of every message the negated word is in).
function indexLookup(node: SearchNode, shortTerms: boolean): IndexLookup | null {
  switch (node.kind) {
    case 'text': {
      if (spacelessScript.test(node.value)) return substringLookup(node.field, node.value, shortTerms);
      const match = wordMatch(node.field, node.value, node.phrase);
      return match === null ? null : { table: 'search_words', match: '?', params: [match] };
    }
    case 'and':
    case 'or': {
      const combined = combinedWordMatch(node.children, node.kind === 'and' ? ' AND ' : ' OR ') ?? (node.kind === 'and' ? wordsWithout(node.children) : null);
      return combined === null ? null : { table: 'search_words', match: '?', params: [combined] };
    }
    default:
      return null;
  }
}

// A term without word characters matches everything; a short spaceless term on a store
// before migration 17 is a LIKE over the text (no lookup answers either).
function textCondition(field: TextField | null, value: string, params: (string | number)[]): string {
  if (!spacelessScript.test(value)) return '1';
  const columns = field === null ? allColumns : [columnOf[field]];
  const pattern = `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const tests = columns.map((column) => {
    params.push(pattern);
    return `${column} LIKE ? ESCAPE '\\'`;
  });
  return `m.id IN (SELECT message_id FROM search_text WHERE ${tests.join(' OR ')})`;
}

function combinedWordMatch(children: readonly SearchNode[], operator: string): string | null {
  const parts: string[] = [];
  for (const child of children) {
    if (child.kind !== 'text' || spacelessScript.test(child.value)) return null;
    const match = wordMatch(child.field, child.value, child.phrase);
    if (match === null) return null;
    parts.push(`(${match})`);
  }
  return parts.join(operator);
}

// Null unless every child is a word term or a negated one, with at least one not negated.
function wordsWithout(children: readonly SearchNode[]): string | null {
  const positive = children.filter((child) => child.kind !== 'not');
  const negated = children.flatMap((child) => (child.kind === 'not' ? [child.child] : []));
  if (positive.length === 0 || negated.length === 0) return null;
  const kept = combinedWordMatch(positive, ' AND ');
  const dropped = combinedWordMatch(negated, ' OR ');
  return kept === null || dropped === null ? null : `(${kept}) NOT (${dropped})`;
}

// An FTS5 query for one term: its words as one phrase (so "bob@example.org" needs bob,
// example and org in that order), the last word a prefix unless the term was quoted.
// Null when the term has no word characters at all.
export function wordMatch(field: TextField | null, value: string, phrase: boolean): string | null {
  const words = value.split(separators).filter((word) => word.length > 0);
  if (words.length === 0) return null;
  const quoted = `"${words.join(' ').replaceAll('"', '""')}"${phrase ? '' : ' *'}`;
  return field === null ? quoted : `${columnOf[field]} : ${quoted}`;
}

// How the trigram tokenizer (remove_diacritics 1) folds text: case, and Latin accents.
function trigramFold(value: string): string {
  return value.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

// Trigram MATCH needs 3 characters. A shorter term ("東京") matches the rows of the trigrams
// that begin with it, read from the index's vocabulary (columns are padded, migration 17);
// a store before that has no lookup for it (textCondition's LIKE on the text).
function substringLookup(field: TextField | null, value: string, shortTerms: boolean): IndexLookup | null {
  const length = Array.from(value).length;
  if (length < 3 && shortTerms) {
    const folded = trigramFold(value);
    // No such trigram: a query of three control characters, which no mail text holds.
    return {
      table: 'search_trigrams',
      match: `(SELECT ? || '(' || coalesce(group_concat('"' || replace(term, '"', '""') || '"', ' OR '), '"' || char(1, 1, 1) || '"') || ')'
      FROM search_trigram_terms WHERE term >= ? AND term < ?)`,
      params: [field === null ? '' : `${columnOf[field]} : `, folded, `${folded}\u{10FFFF}`],
    };
  }
  if (length < 3) return null;
  const quoted = `"${value.replaceAll('"', '""')}"`;
  return { table: 'search_trigrams', match: '?', params: [field === null ? quoted : `${columnOf[field]} : ${quoted}`] };
}

// One FTS5 query that any positive word of the query matches, to rank by bm25; null when
// the query has no such words (then relevance falls back to date).
export function rankingMatch(node: SearchNode): string | null {
  const parts: string[] = [];
  function walk(current: SearchNode, negated: boolean): void {
    switch (current.kind) {
      case 'text': {
        if (negated || spacelessScript.test(current.value)) return;
        const match = wordMatch(current.field, current.value, current.phrase);
        if (match !== null) parts.push(match);
        return;
      }
      case 'and':
      case 'or':
        for (const child of current.children) walk(child, negated);
        return;
      case 'not':
        walk(current.child, !negated);
        return;
      default:
        return;
    }
  }
  walk(node, false);
  return parts.length === 0 ? null : parts.join(' OR ');
}
