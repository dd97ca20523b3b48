export type UidRange = { readonly first: number; readonly last: number };

// Splits first..last into ranges of at most batchSize UIDs, highest range first, so the
// newest mail (RFC 3501 2.3.1.1: UIDs strictly ascend) reaches the user first.
export function uidRangesNewestFirst(first: number, last: number, batchSize: number): readonly UidRange[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const ranges: UidRange[] = [];
  for (let top = last; top >= Math.max(first, 1); top -= batchSize) {
    ranges.push({ first: Math.max(first, top - batchSize + 1, 1), last: top });
  }
  return ranges;
}

// Always explicit: "n:*" would match the highest message even when its UID is below n
// (RFC 3501 6.4.8), which must never happen here.
export function uidSequence(range: UidRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}:${range.last}`;
}
