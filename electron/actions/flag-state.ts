import type { FlagChange } from '../imap/imap-types.ts';
import type { FlagEntry, FlagTarget } from './action-types.ts';

export const junkKeyword = '$Junk';
export const notJunkKeyword = '$NotJunk';
export const forwardedKeyword = '$Forwarded';

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
  if (set.forwarded === true) keywords = withKeyword(keywords, forwardedKeyword, forwardedKeyword);
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
  if (set.answered !== undefined) (set.answered ? add : remove).push('\\Answered');
  if (set.forwarded !== undefined) (set.forwarded ? add : remove).push(forwardedKeyword);
  if (set.junk !== undefined) {
    add.push(set.junk ? junkKeyword : notJunkKeyword);
    remove.push(set.junk ? notJunkKeyword : junkKeyword);
  }
  return { add, remove };
}

export function entryState(entry: FlagEntry): FlagState {
  return { seen: entry.seen, flagged: entry.flagged, keywords: entry.keywords };
}

// The state once keywords are removed (every spelling in `remove`) and added.
export function applyKeywordChange(state: FlagState, add: readonly string[], remove: readonly string[]): FlagState {
  const kept = state.keywords.filter(
    (keyword) => !remove.some((gone) => sameKeyword(gone, keyword)) || add.some((wanted) => sameKeyword(wanted, keyword)),
  );
  const added = add.filter((wanted) => !kept.some((keyword) => sameKeyword(keyword, wanted)));
  return { ...state, keywords: [...kept, ...added] };
}
