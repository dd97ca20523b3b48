// A UID set in the compact form of RFC 3501 9 (sequence-set): "3:7,9,12:13". Sorted and
// deduplicated, so 10,000 UIDs of a mostly contiguous run cost a few bytes on the wire.
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].filter((uid) => Number.isInteger(uid) && uid > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && previous !== undefined && uid === previous + 1) {
      previous = uid;
      continue;
    }
    if (start !== undefined && previous !== undefined) parts.push(start === previous ? String(start) : `${start}:${previous}`);
    start = uid;
    previous = uid;
  }
  if (start !== undefined && previous !== undefined) parts.push(start === previous ? String(start) : `${start}:${previous}`);
  return parts.join(',');
}
