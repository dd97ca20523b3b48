import type { FlagChange } from '../imap/imap-types.ts';
import type { FlagEntry, FlagTarget } from './action-types.ts';

export const junkKeyword = '$Junk';
export const notJunkKeyword = '$NotJunk';

export type FlagState = {
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly keywords: readonly string[];
};

// RFC 3501 2.3.2: flag and keyword names compare case-insensitively.
function sameKeyword(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function withKeyword(keywords: readonly string[], add: string, remove: string): readonly string[] {
  const kept = keywords.filter((keyword) => !sameKeyword(keyword, remove) && !sameKeyword(keyword, add));
  return [...kept, add];
}

// The state a message has once `set` is applied to `state`.
export function applyFlagTarget(state: FlagState, set: FlagTarget): FlagState {
  let keywords = state.keywords;
  if (set.junk === true) keywords = withKeyword(keywords, junkKeyword, notJunkKeyword);
  if (set.junk === false) keywords = withKeyword(keywords, notJunkKeyword, junkKeyword);
  return { seen: set.seen ?? state.seen, flagged: set.flagged ?? state.flagged, keywords };
}

export function sameFlagState(a: FlagState, b: FlagState): boolean {
  const keywordsA = a.keywords.map((keyword) => keyword.toLowerCase()).sort();
  const keywordsB = b.keywords.map((keyword) => keyword.toLowerCase()).sort();
  return a.seen === b.seen && a.flagged === b.flagged && keywordsA.join(' ') === keywordsB.join(' ');
}

// The STORE +FLAGS / -FLAGS (RFC 3501 6.4.6) that brings the server to `set`.
export function flagChangeFor(set: FlagTarget): FlagChange {
  const add: string[] = [];
  const remove: string[] = [];
  if (set.seen !== undefined) (set.seen ? add : remove).push('\\Seen');
  if (set.flagged !== undefined) (set.flagged ? add : remove).push('\\Flagged');
  if (set.junk !== undefined) {
    add.push(set.junk ? junkKeyword : notJunkKeyword);
    remove.push(set.junk ? notJunkKeyword : junkKeyword);
  }
  return { add, remove };
}

export function entryState(entry: FlagEntry): FlagState {
  return { seen: entry.seen, flagged: entry.flagged, keywords: entry.keywords };
}
