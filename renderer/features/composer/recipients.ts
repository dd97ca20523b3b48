// The To, Cc and Bcc fields are typed as one line of comma-separated addresses.

// Splits at commas outside quotes and angle brackets ("Doe, Jane" <j@x> stays whole).
export function splitRecipients(text: string): readonly string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (character === '<' && !quoted) angle = true;
    else if (character === '>' && !quoted) angle = false;
    if ((character === ',' || character === ';') && !quoted && !angle) {
      if (current.trim() !== '') parts.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function joinRecipients(entries: readonly string[]): string {
  return entries.join(', ');
}

// The part being typed now: after the last separator.
export function lastToken(text: string): string {
  const index = Math.max(text.lastIndexOf(','), text.lastIndexOf(';'));
  return text.slice(index + 1).trim();
}

// Replaces the part being typed with a chosen address, ready for the next one.
export function completeLast(text: string, chosen: string): string {
  const index = Math.max(text.lastIndexOf(','), text.lastIndexOf(';'));
  const head = index === -1 ? '' : `${text.slice(0, index + 1)} `;
  return `${head}${chosen}, `;
}

export function formatSuggestion(name: string, address: string): string {
  if (name === '' || name === address) return address;
  return /^[\w .'-]*$/.test(name) ? `${name} <${address}>` : `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}
