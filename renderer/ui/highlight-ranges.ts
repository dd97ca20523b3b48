// Where the searched words occur in a text, compared as the index compares them: without
// case and diacritics ("resume" marks "Résumé"). Ranges are in the original text's indices.
export type TextPart = { readonly text: string; readonly match: boolean };

function fold(char: string): string {
  return char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function highlightParts(text: string, terms: readonly string[]): readonly TextPart[] {
  const needles = terms
    .flatMap((term) => term.split(/[^\p{L}\p{N}\p{M}]+/u))
    .map((word) => Array.from(word).map(fold).join(''))
    .filter((word) => word.length > 0);
  if (needles.length === 0 || text.length === 0) return [{ text, match: false }];
  // folded[i] comes from the original character starting at origin[i].
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    for (let k = 0; k < piece.length; k += 1) origin.push(index);
    folded += piece;
    index += char.length;
  }
  origin.push(text.length);
  const marked = new Array<boolean>(text.length).fill(false);
  for (const needle of needles) {
    let at = folded.indexOf(needle);
    while (at !== -1) {
      const start = origin[at] ?? 0;
      const end = origin[at + needle.length] ?? text.length;
      for (let position = start; position < end; position += 1) marked[position] = true;
      at = folded.indexOf(needle, at + needle.length);
    }
  }
  const parts: TextPart[] = [];
  let start = 0;
  for (let position = 1; position <= text.length; position += 1) {
    if (position === text.length || marked[position] !== marked[start]) {
      parts.push({ text: text.slice(start, position), match: marked[start] ?? false });
      start = position;
    }
  }
  return parts;
}
