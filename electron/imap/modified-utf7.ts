// RFC 3501 5.1.3: mailbox names on the wire are "modified UTF-7": printable ASCII stands
// for itself, "&-" is "&", and "&...-" holds UTF-16BE code units in base64 with "," for "/".
// Returns null when `name` is not valid modified UTF-7, so a caller can try another reading.
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

export function decodeModifiedUtf7(name: string): string | null {
  let result = '';
  let index = 0;
  while (index < name.length) {
    const char = name.charCodeAt(index);
    if (char < 0x20 || char > 0x7e) return null;
    if (char !== 0x26) {
      result += String.fromCharCode(char);
      index += 1;
      continue;
    }
    const end = name.indexOf('-', index + 1);
    if (end === -1) return null;
    if (end === index + 1) {
      result += '&';
      index = end + 1;
      continue;
    }
    const decoded = decodeShifted(name.slice(index + 1, end));
    if (decoded === null) return null;
    result += decoded;
    index = end + 1;
  }
  return result;
}

function decodeShifted(encoded: string): string | null {
  let bits = 0;
  let bitCount = 0;
  const units: number[] = [];
  for (const char of encoded) {
    const value = BASE64.indexOf(char);
    if (value === -1) return null;
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 16) {
      bitCount -= 16;
      units.push((bits >> bitCount) & 0xffff);
    }
  }
  // Leftover bits are padding and must be zero (RFC 2152); a whole code unit left over is not.
  if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) !== 0 || units.length === 0) return null;
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index] ?? 0;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = units[index + 1] ?? 0;
      if (low < 0xdc00 || low > 0xdfff) return null;
      index += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return null;
    }
  }
  let text = '';
  for (const unit of units) text += String.fromCharCode(unit);
  return text;
}
