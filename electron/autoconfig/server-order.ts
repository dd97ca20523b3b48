// Which of several servers found for an account to offer first: IMAP before POP3 (it keeps
// mail on the server for every device), and RFC 8314's order of security: implicit TLS,
// then STARTTLS, then (only with a loud warning) none.
import type { Security } from '../../shared/domain.ts';
import type { DiscoveredServer, MailProtocol } from '../../shared/setup/setup-types.ts';

const SECURITY_RANK: Readonly<Record<Security, number>> = { tls: 0, starttls: 1, none: 2 };
const PROTOCOL_RANK: Readonly<Record<MailProtocol, number>> = { imap: 0, pop3: 1, smtp: 2 };

// Stable: servers equal in rank keep the order their source gave them.
export function orderServers(servers: readonly DiscoveredServer[]): readonly DiscoveredServer[] {
  return servers
    .map((server, index) => ({ server, index }))
    .sort(
      (a, b) =>
        PROTOCOL_RANK[a.server.protocol] - PROTOCOL_RANK[b.server.protocol] ||
        SECURITY_RANK[a.server.security] - SECURITY_RANK[b.server.security] ||
        a.index - b.index,
    )
    .map(({ server }) => server);
}

// A host name or IP literal as the account form accepts it (shared/schemas.ts).
export function isServerName(host: string): boolean {
  return host.length > 0 && host.length <= 253 && /^[A-Za-z0-9.\-:[\]]+$/.test(host) && !host.startsWith('.');
}
