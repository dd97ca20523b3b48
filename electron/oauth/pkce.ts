// RFC 7636 (PKCE) and the OAuth2 `state` (RFC 6749 10.12): fresh random values for each
// sign-in, so a code intercepted on its way to the loopback listener is useless without the
// verifier, and a callback this sign-in did not start is refused.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Pkce = {
  // RFC 7636 4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]; base64url of 32 bytes is 43.
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
};

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

// RFC 7636 4.2: BASE64URL(SHA256(ASCII(code_verifier))), no padding.
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createState(): string {
  return randomBytes(24).toString('base64url');
}

// Compared in constant time: the state is the only thing that ties a callback to its sign-in.
export function sameState(expected: string, received: string | null): boolean {
  if (received === null) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
