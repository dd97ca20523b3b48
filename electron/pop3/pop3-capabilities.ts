// RFC 2449 6: the CAPA response, one capability per line, tag first then arguments.
import type { Pop3Capabilities } from './pop3-types.ts';

export const NO_CAPABILITIES: Pop3Capabilities = {
  announced: false,
  lines: [],
  top: false,
  user: false,
  uidl: false,
  pipelining: false,
  respCodes: false,
  authRespCode: false,
  stls: false,
  saslMechanisms: [],
  loginDelaySeconds: null,
  expire: null,
  implementation: null,
};

function nonNegativeInteger(token: string | undefined): number | null {
  if (token === undefined || !/^\d{1,9}$/.test(token)) return null;
  return Number(token);
}

// `lines` are the body lines of a +OK answer to CAPA, without line ends.
export function parseCapabilities(lines: readonly string[]): Pop3Capabilities {
  const kept = lines.map((line) => line.trim()).filter((line) => line.length > 0);
  let result: Pop3Capabilities = {
    ...NO_CAPABILITIES,
    announced: true,
    lines: kept,
  };
  for (const line of kept) {
    const [rawTag = '', ...args] = line.split(/[ \t]+/);
    // RFC 2449 6: capability tags are case-insensitive.
    const tag = rawTag.toUpperCase();
    switch (tag) {
      case 'TOP':
        result = { ...result, top: true };
        break;
      case 'USER':
        result = { ...result, user: true };
        break;
      case 'UIDL':
        result = { ...result, uidl: true };
        break;
      case 'PIPELINING':
        result = { ...result, pipelining: true };
        break;
      case 'RESP-CODES':
        result = { ...result, respCodes: true };
        break;
      case 'AUTH-RESP-CODE':
        result = { ...result, authRespCode: true };
        break;
      case 'STLS':
        result = { ...result, stls: true };
        break;
      case 'SASL':
        result = {
          ...result,
          saslMechanisms: [...new Set([...result.saslMechanisms, ...args.map((name) => name.toUpperCase())])],
        };
        break;
      // RFC 2449 6.5: "LOGIN-DELAY" SP delay [SP "USER"]; USER means it may vary per user.
      case 'LOGIN-DELAY':
        result = { ...result, loginDelaySeconds: nonNegativeInteger(args[0]) };
        break;
      // RFC 2449 6.7: "EXPIRE" SP (days / "NEVER") [SP "USER"].
      case 'EXPIRE': {
        const policy = args[0]?.toUpperCase();
        result = {
          ...result,
          expire: policy === 'NEVER' ? 'never' : nonNegativeInteger(policy),
        };
        break;
      }
      // RFC 2449 6.9: free text after the tag.
      case 'IMPLEMENTATION':
        result = {
          ...result,
          implementation: line.slice(rawTag.length).trim() || null,
        };
        break;
      default:
        break;
    }
  }
  return result;
}
