// Message-IDs as threading compares them: the text between < and > (RFC 5322 3.6.4), so
// "<a@b>" and "a@b" are one message. A References header may be folded and may carry
// comments or junk between the ids; only the bracketed ids count (RFC 5256 3, REFERENCES).

export function messageIdKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const key = (bracketed?.[1] ?? value).trim();
  return key.length === 0 || /\s/.test(key) ? null : key;
}

export function messageIdKeys(value: string | null | undefined): readonly string[] {
  if (value === null || value === undefined) return [];
  const keys: string[] = [];
  for (const match of value.matchAll(/<([^<>\s]+)>/g)) {
    const key = match[1];
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

// The value of the References header out of a fetched header block (imapflow's `headers`),
// unfolded (RFC 5322 2.2.3); null when the message has none.
export function referencesFromHeaderBlock(block: Buffer | string | undefined): string | null {
  if (block === undefined) return null;
  const text = (typeof block === 'string' ? block : block.toString('latin1')).replace(/\r?\n[ \t]+/g, ' ');
  const line = /^references:(.*)$/im.exec(text);
  return line?.[1]?.trim() ?? null;
}
