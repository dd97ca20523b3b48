// The usual names and ports of a domain's mail servers, tried when neither an autoconfig
// file nor SRV records say where they are. Ports per RFC 8314 7.3 (993 IMAP over TLS, 995
// POP3 over TLS, 465 submission over TLS) and the STARTTLS ports 143, 110 and 587.
import type { Security } from '../../shared/domain.ts';
import type { DiscoveredServer, MailProtocol } from '../../shared/setup/setup-types.ts';
import type { ProbeCandidate, ProbeServer } from './probe-server.ts';

export type ProbePorts = Readonly<Record<MailProtocol, readonly { readonly port: number; readonly transport: 'tls' | 'plain' }[]>>;

export const DEFAULT_PROBE_PORTS: ProbePorts = {
  imap: [
    { port: 993, transport: 'tls' },
    { port: 143, transport: 'plain' },
  ],
  pop3: [
    { port: 995, transport: 'tls' },
    { port: 110, transport: 'plain' },
  ],
  smtp: [
    { port: 465, transport: 'tls' },
    { port: 587, transport: 'plain' },
  ],
};

export type ProbeHosts = Readonly<Record<MailProtocol, readonly string[]>>;

export function defaultProbeHosts(domain: string): ProbeHosts {
  return {
    imap: [`imap.${domain}`, `mail.${domain}`],
    pop3: [`pop3.${domain}`, `pop.${domain}`, `mail.${domain}`],
    smtp: [`smtp.${domain}`, `mail.${domain}`],
  };
}

export function probeCandidates(hosts: ProbeHosts, ports: ProbePorts): readonly ProbeCandidate[] {
  const protocols: readonly MailProtocol[] = ['imap', 'pop3', 'smtp'];
  return protocols.flatMap((protocol) =>
    hosts[protocol].flatMap((host) => ports[protocol].map(({ port, transport }) => ({ protocol, host, port, transport }))),
  );
}

// Probes every candidate at once (each with its own deadline) and keeps those that answered,
// in candidate order; the caller orders them by security.
export async function probeAll(
  candidates: readonly ProbeCandidate[],
  probe: ProbeServer,
  timeoutMs: number,
  email: string,
): Promise<readonly DiscoveredServer[]> {
  const results = await Promise.all(
    candidates.map(async (candidate): Promise<DiscoveredServer | null> => {
      let security: Security | null;
      try {
        security = await probe(candidate, timeoutMs);
      } catch {
        security = null;
      }
      if (security === null) return null;
      return { protocol: candidate.protocol, host: candidate.host, port: candidate.port, security, username: email };
    }),
  );
  return results.filter((server) => server !== null);
}
