// RFC 1939 7: APOP proves the password without sending it: MD5 of the greeting's timestamp
// followed by the shared secret, as 32 lower-case hex digits.
import { createHash } from 'node:crypto';

// The timestamp is syntactically an RFC 822 msg-id, "<...@...>", inside the +OK greeting.
const TIMESTAMP = /<[^<>\s]+@[^<>\s]+>/;

export function greetingTimestamp(greetingText: string): string | null {
  return TIMESTAMP.exec(greetingText)?.[0] ?? null;
}

export function apopDigest(timestamp: string, password: string): string {
  // Dovecot and the RFC example treat the password as its plain octets; UTF-8 is what a
  // passwd-file or a modern server stores.
  return createHash('md5').update(Buffer.from(timestamp, 'latin1')).update(Buffer.from(password, 'utf8')).digest('hex');
}
