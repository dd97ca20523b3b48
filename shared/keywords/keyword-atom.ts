// How a label the user types becomes an IMAP keyword, and how keywords from other clients
// are read. Pure functions: main and the renderer use the same answers.

// RFC 3501 9 (formal syntax): ATOM-CHAR is any CHAR (%x01-7F) except atom-specials:
// "(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]". A keyword (flag-keyword) is an atom.
function isAtomChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (char.length !== 1 || code <= 0x1f || code >= 0x7f) return false;
  return !'(){ %*"\\]'.includes(char);
}

export const maxAtomLength = 100;

// A keyword we may send: an atom, and not a system flag (those begin with "\").
export function isKeywordAtom(atom: string): boolean {
  return atom.length > 0 && atom.length <= maxAtomLength && Array.from(atom).every(isAtomChar);
}

// The five labels Thunderbird ships with, their atoms and colours, and the atoms Evolution
// uses for the same labels, which are read as the same keywords.
export const builtinKeywords: readonly {
  readonly atom: string;
  readonly label: string;
  readonly colour: string;
  readonly aliases: readonly string[];
}[] = [
  { atom: '$label1', label: 'Important', colour: '#ff0000', aliases: ['$Labelimportant'] },
  { atom: '$label2', label: 'Work', colour: '#ff9900', aliases: ['$Labelwork'] },
  { atom: '$label3', label: 'Personal', colour: '#009900', aliases: ['$Labelpersonal'] },
  { atom: '$label4', label: 'To Do', colour: '#3333ff', aliases: ['$Labeltodo'] },
  { atom: '$label5', label: 'Later', colour: '#993399', aliases: ['$Labellater'] },
];

// Keywords with a protocol meaning that are not tags a person chose (RFC 5788 registry,
// Thunderbird's junk keywords, RFC 3503 $MDNSent): never shown as chips.
const hiddenKeywords = new Set(
  [
    '$junk', '$notjunk', 'junk', 'nonjunk', 'notjunk', '$forwarded', '$mdnsent', '$phishing',
    '$submitpending', '$submitted', '$mailflagbit0', '$mailflagbit1', '$mailflagbit2',
    '$hasattachment', '$hasnoattachment', '$istrusted', '$autojunk', '$autonotjunk', '$answered',
  ],
);

export function isHiddenKeyword(atom: string): boolean {
  return hiddenKeywords.has(atom.toLowerCase());
}

// RFC 3501 2.3.2: keywords compare case-insensitively. Evolution's names fold onto
// Thunderbird's, so "$Labelwork" and "$label2" are one keyword.
export function canonicalAtom(atom: string): string {
  const lower = atom.toLowerCase();
  for (const builtin of builtinKeywords) {
    if (builtin.atom.toLowerCase() === lower) return builtin.atom;
    if (builtin.aliases.some((alias) => alias.toLowerCase() === lower)) return builtin.atom;
  }
  return atom;
}

// Every atom that means the same keyword as `atom` (itself, and its aliases).
export function equivalentAtoms(atom: string): readonly string[] {
  const canonical = canonicalAtom(atom);
  const builtin = builtinKeywords.find((candidate) => candidate.atom === canonical);
  return builtin === undefined ? [atom] : [builtin.atom, ...builtin.aliases];
}

export function sameKeyword(a: string, b: string): boolean {
  return canonicalAtom(a).toLowerCase() === canonicalAtom(b).toLowerCase();
}

// FNV-1a (32 bit) over the label's code points: short, stable across runs and platforms.
function labelHash(label: string): string {
  let hash = 0x811c9dc5;
  for (const char of label) {
    const point = char.codePointAt(0) ?? 0;
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (point >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}

export function normaliseLabel(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/g, ' ');
}

// The atom for a new label. The five common labels map as Thunderbird maps them; a label
// that is already an atom is used as it is; any other (spaces, non-ASCII, specials) gets
// its atom characters with "_" for each run of the rest, plus a hash of the whole label,
// so "To do 🎉" and "To do 🎈" differ and the same label always gives the same atom.
export function atomForLabel(label: string): string {
  const clean = normaliseLabel(label);
  const builtin = builtinKeywords.find((candidate) => candidate.label.toLowerCase() === clean.toLowerCase());
  if (builtin !== undefined) return builtin.atom;
  if (isKeywordAtom(clean) && !clean.startsWith('\\')) return clean;
  const ascii = Array.from(clean)
    .map((char) => (isAtomChar(char) ? char : '_'))
    .join('')
    .replace(/_+/g, '_')
    .replace(/^[_\\]+|_+$/g, '')
    .slice(0, 60);
  return `${ascii === '' ? 'keyword' : ascii}_${labelHash(clean)}`;
}
