// Which links may leave the app for the system browser or mail client. A link in a
// message is attacker-controlled; the OS hands unknown schemes to whatever program
// registered them (file:, smb: and ms-* schemes have all been used for code execution),
// so only web and mailto links pass, and only in their normalised form.
export type ExternalUrlCheck =
  | { readonly allowed: true; readonly url: string }
  | { readonly allowed: false; readonly reason: string };

// Matches the openExternal channel's schema limit.
export const maxExternalUrlLength = 8192;

const allowedProtocols: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

// C0 and C1 controls (the URL parser silently drops tabs and newlines, so "java\tscript:"
// would become javascript:), and the bidirectional overrides used to disguise a link's text.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export function checkExternalUrl(url: string): ExternalUrlCheck {
  if (typeof url !== 'string') return refuse('The link is not text.');
  if (url.length === 0) return refuse('The link is empty.');
  if (url.length > maxExternalUrlLength) return refuse('The link is too long to open safely.');
  if (controlCharacters.test(url)) return refuse('The link holds hidden control characters.');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return refuse('The link is not a complete web or email address.');
  }
  if (!allowedProtocols.has(parsed.protocol)) {
    return refuse(`Letterbox opens only web and email links, not ${describeProtocol(parsed.protocol)} links.`);
  }
  // RFC 3986 3.2.1 deprecates user:password@ in URLs; it is used to disguise the real host.
  if (parsed.username !== '' || parsed.password !== '') {
    return refuse('The link carries a user name or password, which is used to disguise where it leads.');
  }
  if (parsed.protocol === 'mailto:') {
    if (parsed.pathname === '' && parsed.search === '') return refuse('The email link has no address.');
  } else if (parsed.hostname === '') {
    return refuse('The web link has no server name.');
  }
  const href = parsed.href;
  if (href.length > maxExternalUrlLength) return refuse('The link is too long to open safely.');
  return { allowed: true, url: href };
}

function refuse(reason: string): ExternalUrlCheck {
  return { allowed: false, reason };
}

// The scheme is shown to the user, so keep it short and plain.
function describeProtocol(protocol: string): string {
  const name = protocol.replace(/:$/, '').slice(0, 20);
  return /^[a-z][a-z0-9+.-]*$/.test(name) ? `"${name}:"` : 'these';
}
