// How server messages are told apart across sessions. RFC 1939 7: UIDL gives each a unique,
// persistent id. A server without UIDL gets a stand-in: the SHA-256 of the message's header
// (TOP n 0), numbered when two messages have the same header, so a message is recognised by
// its header from one session to the next. Weaker (a header change would make it look new),
// hence the status says so.
import { createHash } from 'node:crypto';
import type { Pop3Session } from '../pop3/pop3-types.ts';

export type ServerKeys = {
  // Message number -> key, in the server's order.
  readonly keys: ReadonlyMap<number, string>;
  readonly method: 'uidl' | 'header-hash';
};

export async function serverKeys(session: Pop3Session, numbers: readonly number[]): Promise<ServerKeys> {
  if (session.capabilities.uidl || !session.capabilities.announced) {
    try {
      return { keys: await session.uidl(), method: 'uidl' };
    } catch (error) {
      // RFC 1939 lists UIDL as optional: a server without CAPA may refuse it.
      if (session.capabilities.uidl) throw error;
    }
  }
  const headers = await Promise.all(numbers.map((number) => session.top(number, 0)));
  const seen = new Map<string, number>();
  const keys = new Map<number, string>();
  numbers.forEach((number, index) => {
    const digest = createHash('sha256').update(headers[index] ?? Buffer.alloc(0)).digest('hex');
    const occurrence = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, occurrence);
    keys.set(number, `header-sha256:${digest}${occurrence > 1 ? `#${occurrence}` : ''}`);
  });
  return { keys, method: 'header-hash' };
}
