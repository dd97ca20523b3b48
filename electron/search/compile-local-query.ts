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
  const dayStart = options.dayStart ?? localDayStart;
  const params: (string | number)[] = [];

  const shortTerms = options.shortTermsByVocabulary === true;

  function compile(current: SearchNode): string {
    switch (current.kind) {
      case 'text':
        return textCondition(current.field, current.value, current.phrase, params, shortTerms);
      case 'has-attachment':
        return 'm.has_attachments = 1';
      case 'flag':
        return `m.${current.flag} = ${current.set ? 1 : 0}`;
      case 'keyword':
        // RFC 3501 2.3.2: flags, keywords among them, compare case-insensitively. The name
        // may be the atom, another client's spelling of it, or the label given here.
        params.push(JSON.stringify(equivalentAtoms(current.name)), current.name);
        // The first test lets the planner read only messages that have keywords at all
        // (messages_with_keywords_by_date, migration 17).
        return `m.keywords_json <> '[]' AND EXISTS (SELECT 1 FROM json_each(m.keywords_json) k WHERE lower(k.value) IN (SELECT lower(value) FROM json_each(?))
          OR lower(k.value) IN (SELECT lower(atom) FROM keywords WHERE lower(label) = lower(?)))`;
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
      case 'or': {
        // Words joined by AND or OR are one FTS5 query: one index lookup, not one per word.
        const combined = combinedWordMatch(current.children, current.kind === 'and' ? ' AND ' : ' OR ') ?? (current.kind === 'and' ? wordsWithout(current.children) : null);
        if (combined !== null) {
          params.push(combined);
          return 'm.id IN (SELECT rowid FROM search_words WHERE search_words MATCH ?)';
        }
        return `(${current.children.map(compile).join(current.kind === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `(NOT ${compile(current.child)})`;
      default:
        return assertNever(current);
    }
  }

  const sql = compile(node);
  return { sql, params };
}

function textCondition(field: TextField | null, value: string, phrase: boolean, params: (string | number)[], shortTerms: boolean): string {
  if (spacelessScript.test(value)) return substringCondition(field, value, params, shortTerms);
  const match = wordMatch(field, value, phrase);
  if (match === null) return '1';
  params.push(match);
  return 'm.id IN (SELECT rowid FROM search_words WHERE search_words MATCH ?)';
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

// "budget -invoice" as one FTS5 query ("budget" NOT "invoice"): one index walk instead of
// a second lookup of every message the negated word is in. Null unless every child is a
// word term or a negated one, with at least one not negated.
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
// a store before that falls back to LIKE on the text.
function substringCondition(field: TextField | null, value: string, params: (string | number)[], shortTerms: boolean): string {
  const columns = field === null ? allColumns : [columnOf[field]];
  const length = Array.from(value).length;
  if (length < 3 && shortTerms) {
    const folded = trigramFold(value);
    params.push(field === null ? '' : `${columnOf[field]} : `, folded, `${folded}\u{10FFFF}`);
    // No such trigram: a query of three control characters, which no mail text holds.
    return `m.id IN (SELECT rowid FROM search_trigrams WHERE search_trigrams MATCH (
      SELECT ? || '(' || coalesce(group_concat('"' || replace(term, '"', '""') || '"', ' OR '), '"' || char(1, 1, 1) || '"') || ')'
      FROM search_trigram_terms WHERE term >= ? AND term < ?))`;
  }
  if (length >= 3) {
    const quoted = `"${value.replaceAll('"', '""')}"`;
    params.push(field === null ? quoted : `${columnOf[field]} : ${quoted}`);
    return 'm.id IN (SELECT rowid FROM search_trigrams WHERE search_trigrams MATCH ?)';
  }
  const pattern = `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const tests = columns.map((column) => {
    params.push(pattern);
    return `${column} LIKE ? ESCAPE '\\'`;
  });
  return `m.id IN (SELECT message_id FROM search_text WHERE ${tests.join(' OR ')})`;
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
