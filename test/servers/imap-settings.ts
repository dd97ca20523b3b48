import type { ImapConnectionSettings } from '../../electron/imap/imap-types.ts';
import type { DovecotServer } from './dovecot.ts';

// Connection settings for a test user: implicit TLS trusting the server's test CA, unless
// the overrides say otherwise.
export function imapSettings(
  server: DovecotServer,
  username: string,
  overrides: Partial<ImapConnectionSettings> = {},
): ImapConnectionSettings {
  const user = server.user(username);
  return {
    host: server.host,
    port: server.imapsPort,
    security: 'tls',
    username: user.username,
    password: user.password,
    trustedCertificates: [server.caCertificate],
    timeoutMs: 10_000,
    ...overrides,
  };
}
