// Bytes that cross the contract as base64 (an attachment, an imported file) are checked
// before main decodes them. A request holds up to 89 M characters: the anchored pattern
// /^[A-Za-z0-9+/]*={0,2}$/ took 730 ms of the main thread over 64 MB, a negated character
// class 280 ms (node 24, this VM), so the check looks for one wrong character instead.
const notBase64 = /[^A-Za-z0-9+/=]/;

// Letters, digits, + and /, then at most two = at the very end (RFC 4648 section 4; no
// line breaks, as FileReader and Buffer write it).
export function isBase64Text(text: string): boolean {
  if (notBase64.test(text)) return false;
  const padding = text.indexOf('=');
  if (padding === -1) return true;
  // The first = is one of the last two characters, and so is every later one.
  return padding >= text.length - 2 && text.endsWith('=');
}
