import { canonicalAtom, isHiddenKeyword } from './keyword-atom.ts';
import type { Keyword } from './keyword-types.ts';

// The keywords a message shows, in the order of `known` (the definitions), then any other
// keyword another client set, under its own name. Aliases fold onto one chip.
export function keywordChips(messageKeywords: readonly string[], known: readonly Keyword[]): readonly Keyword[] {
  const carried = new Map<string, string>();
  for (const atom of messageKeywords) {
    if (isHiddenKeyword(atom)) continue;
    const key = canonicalAtom(atom).toLowerCase();
    if (!carried.has(key)) carried.set(key, atom);
  }
  const chips: Keyword[] = [];
  for (const keyword of known) {
    const key = canonicalAtom(keyword.atom).toLowerCase();
    if (carried.delete(key)) chips.push(keyword);
  }
  for (const atom of carried.values()) {
    chips.push({ atom, label: atom, colour: null, localOnly: false, defined: false });
  }
  return chips;
}

export function carriesKeyword(messageKeywords: readonly string[], atom: string): boolean {
  const key = canonicalAtom(atom).toLowerCase();
  return messageKeywords.some((candidate) => canonicalAtom(candidate).toLowerCase() === key);
}
