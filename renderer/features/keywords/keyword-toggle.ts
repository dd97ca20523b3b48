import { carriesKeyword } from '../../../shared/keywords/keyword-chips.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';

type Tagged = { readonly keywords: readonly string[] };

// A keyword is "on" for a selection when every message in it carries the keyword.
export function keywordState(messages: readonly Tagged[], atom: string): 'all' | 'some' | 'none' {
  const carrying = messages.filter((message) => carriesKeyword(message.keywords, atom)).length;
  if (carrying === 0) return 'none';
  return carrying === messages.length ? 'all' : 'some';
}

// Toggling, as Thunderbird does: set on all unless all carry it already, then remove.
export function toggleChange(messages: readonly Tagged[], atom: string): { add: string[]; remove: string[] } {
  return keywordState(messages, atom) === 'all' ? { add: [], remove: [atom] } : { add: [atom], remove: [] };
}

// Keys 1 to 9 toggle the first nine keywords (Thunderbird's shortcuts).
export function keywordForKey(key: string, keywords: readonly Keyword[]): Keyword | null {
  if (!/^[1-9]$/.test(key)) return null;
  return keywords[Number(key) - 1] ?? null;
}

// The search that lists the messages carrying a keyword (shared/search/parse-query.ts).
export function keywordQuery(keyword: Keyword): string {
  return `keyword:${keyword.atom}`;
}
