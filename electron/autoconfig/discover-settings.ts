// Account setup that finds the servers from an email address, trying in order: the
// domain's autoconfig file, RFC 6186 SRV records, then the usual host names and ports.
// The first step that finds an incoming server wins. Every step has a deadline; the
// network parts are injectable so tests run against 127.0.0.1.
import type { DiscoveredServer, DiscoveredSettings, DiscoverySource } from '../../shared/setup/setup-types.ts';
import { defaultAutoconfigUrls, fetchText as defaultFetchText, type FetchText } from './fetch-autoconfig.ts';
import { parseAutoconfig } from './parse-autoconfig.ts';
import { DEFAULT_PROBE_PORTS, defaultProbeHosts, probeAll, probeCandidates, type ProbeHosts, type ProbePorts } from './probe-candidates.ts';
import { probeServer, type ProbeServer } from './probe-server.ts';
import { orderServers } from './server-order.ts';
import { defaultResolveSrv, lookUpSrv, type ResolveSrv } from './srv-lookup.ts';
import { withTimeout } from './with-timeout.ts';

export type DiscoveryOptions = {
  readonly fetchText?: FetchText;
  readonly autoconfigUrls?: (domain: string) => readonly string[];
  readonly resolveSrv?: ResolveSrv;
  readonly probeHosts?: (domain: string) => ProbeHosts;
  readonly probePorts?: ProbePorts;
  readonly probe?: ProbeServer;
  // Extra CAs trusted besides the system's, as for the app's own sessions.
  readonly trustedCertificates?: readonly string[];
  // Per request: one file fetch, one SRV lookup, one probe. Defaults suit a real network.
  readonly fetchTimeoutMs?: number;
  readonly dnsTimeoutMs?: number;
  readonly probeTimeoutMs?: number;
};

type Step = DiscoveredSettings['steps'][number];

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
}

function settings(
  source: DiscoverySource,
  description: string,
  found: readonly DiscoveredServer[],
  steps: readonly Step[],
): DiscoveredSettings {
  const ordered = orderServers(found);
  const incoming = ordered.filter((server) => server.protocol !== 'smtp');
  const outgoing = ordered.find((server) => server.protocol === 'smtp') ?? null;
  const unencryptedOnly = incoming[0]?.security === 'none';
  return { source, description, incoming, outgoing, unencryptedOnly, steps };
}

async function fromAutoconfig(email: string, domain: string, options: DiscoveryOptions, steps: Step[]): Promise<readonly DiscoveredServer[] | null> {
  const fetchText = options.fetchText ?? defaultFetchText;
  const timeoutMs = options.fetchTimeoutMs ?? 5000;
  for (const url of (options.autoconfigUrls ?? defaultAutoconfigUrls)(domain)) {
    try {
      const text = await withTimeout(fetchText(url, timeoutMs), timeoutMs + 500, `Fetching ${url}`);
      if (text === null) {
        steps.push({ step: 'autoconfig', outcome: `${url}: no configuration there` });
        continue;
      }
      const servers = parseAutoconfig(text, email);
      if (servers.incoming.length === 0) {
        steps.push({ step: 'autoconfig', outcome: `${url}: no IMAP or POP3 server Letterbox can sign in to` });
        continue;
      }
      steps.push({ step: 'autoconfig', outcome: `${url}: found` });
      return [...servers.incoming, ...servers.outgoing];
    } catch (error) {
      steps.push({ step: 'autoconfig', outcome: `${url}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return null;
}

export async function discoverSettings(email: string, options: DiscoveryOptions = {}): Promise<DiscoveredSettings> {
  const address = email.trim();
  const domain = domainOf(address);
  const steps: Step[] = [];

  const configured = await fromAutoconfig(address, domain, options, steps);
  if (configured !== null) {
    return settings('autoconfig', `Found in ${domain}'s configuration file. Check them before you go on.`, configured, steps);
  }

  const dnsTimeoutMs = options.dnsTimeoutMs ?? 5000;
  const srv = await lookUpSrv(domain, address, options.resolveSrv ?? defaultResolveSrv(dnsTimeoutMs), dnsTimeoutMs);
  steps.push({ step: 'srv', outcome: `${srv.answered} of ${srv.looked} service records answered; ${srv.servers.length} usable` });
  if (srv.servers.some((server) => server.protocol !== 'smtp')) {
    // RFC 6186 6: DNS answers are not authenticated, so the user is told to check the names.
    return settings('srv', `Found in ${domain}'s DNS service records. Check the server names before you go on.`, srv.servers, steps);
  }

  const hosts = (options.probeHosts ?? defaultProbeHosts)(domain);
  const candidates = probeCandidates(hosts, options.probePorts ?? DEFAULT_PROBE_PORTS);
  const probe: ProbeServer = options.probe ?? ((candidate, timeoutMs) => probeServer(candidate, timeoutMs, options.trustedCertificates));
  const probed = await probeAll(candidates, probe, options.probeTimeoutMs ?? 4000, address);
  steps.push({ step: 'probe', outcome: `${probed.length} of ${candidates.length} usual server addresses answered` });
  if (probed.some((server) => server.protocol !== 'smtp')) {
    return settings('probe', `Found by trying the usual server names of ${domain}. Check them before you go on.`, probed, steps);
  }
  return settings('none', `No settings were found for ${domain}. Enter the servers your provider gives.`, [], steps);
}
