// Step 2 of discovery: RFC 6186 SRV records, with RFC 8314's implicit-TLS submission.
import { Resolver } from 'node:dns/promises';
import type { Security } from '../../shared/domain.ts';
import type { DiscoveredServer, MailProtocol } from '../../shared/setup/setup-types.ts';
import { isServerName } from './server-order.ts';
import { withTimeout } from './with-timeout.ts';

export type SrvAnswer = { readonly name: string; readonly port: number; readonly priority: number; readonly weight: number };

// Answers the SRV records of one name; rejects (ENOTFOUND, ENODATA) when there are none.
export type ResolveSrv = (name: string) => Promise<readonly SrvAnswer[]>;

// RFC 6186 section 3: _imap and _pop3 are servers to use with STARTTLS (RFC 8314 4.1 makes
// it mandatory), _imaps and _pop3s implicit TLS; RFC 6409 _submission is STARTTLS and RFC
// 8314 _submissions implicit TLS. None of them ever means "no encryption".
const SERVICES: readonly { readonly label: string; readonly protocol: MailProtocol; readonly security: Security }[] = [
  { label: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { label: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { label: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { label: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { label: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { label: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

export function defaultResolveSrv(timeoutMs: number): ResolveSrv {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  return (name) => resolver.resolveSrv(name);
}

// RFC 2782: lowest priority first; among equals, the heavier weight first (the random
// weighted pick is for load spreading, which one client asking once does not need).
export function orderSrv(answers: readonly SrvAnswer[]): readonly SrvAnswer[] {
  return [...answers].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

export type SrvResult = { readonly servers: readonly DiscoveredServer[]; readonly looked: number; readonly answered: number };

export async function lookUpSrv(domain: string, email: string, resolve: ResolveSrv, timeoutMs: number): Promise<SrvResult> {
  const answers = await Promise.all(
    SERVICES.map(async (service) => {
      try {
        const records = await withTimeout(resolve(`${service.label}.${domain}`), timeoutMs, 'SRV lookup');
        return { service, records: orderSrv(records) };
      } catch {
        return { service, records: [] };
      }
    }),
  );
  const servers: DiscoveredServer[] = [];
  let answered = 0;
  for (const { service, records } of answers) {
    if (records.length > 0) answered += 1;
    // RFC 2782: a single record with target "." says the service is not offered here.
    const usable = records.filter((record) => record.name !== '.' && record.name !== '' && record.port > 0 && record.port <= 65535);
    const first = usable.find((record) => isServerName(record.name.replace(/\.$/, '')));
    if (first === undefined) continue;
    servers.push({
      protocol: service.protocol,
      host: first.name.replace(/\.$/, '').toLowerCase(),
      port: first.port,
      security: service.security,
      username: email,
    });
  }
  return { servers, looked: SERVICES.length, answered };
}
