// JSON columns decoded once per distinct text. A result page of 100 summaries parsed three
// JSON columns a row (sender, recipients, keywords): 300 JSON.parse calls and the garbage
// they leave were a third of a search's JavaScript time (issue 5's benchmark, profiled).
// The same sender, recipient list and keyword set recur across a mailbox's messages, so
// equal texts share one decoded value. Shared values are frozen: no caller may change one
// hit's sender and with it every other hit's.

// Bounded: past this many distinct texts the memo starts over (a few hundred kB at most).
const maxEntries = 4096;

export type JsonTextMemo = (text: string) => unknown;

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export function createJsonTextMemo(): JsonTextMemo {
  const decoded = new Map<string, unknown>();
  return (text) => {
    const known = decoded.get(text);
    if (known !== undefined || decoded.has(text)) return known;
    const value = JSON.parse(text) as unknown;
    deepFreeze(value);
    if (decoded.size >= maxEntries) decoded.clear();
    decoded.set(text, value);
    return value;
  };
}
