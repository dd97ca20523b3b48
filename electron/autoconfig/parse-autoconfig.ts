// Thunderbird's autoconfig format, config-v1.1.xml
// (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat): the servers of
// an emailProvider with their socketType, port and a username template.
import type { Security } from '../../shared/domain.ts';
import type { DiscoveredServer, MailProtocol } from '../../shared/setup/setup-types.ts';
import { isServerName } from './server-order.ts';
import { childText, childrenNamed, readXml, type XmlElement } from './xml-reader.ts';

export type AutoconfigServers = {
  readonly incoming: readonly DiscoveredServer[];
  readonly outgoing: readonly DiscoveredServer[];
};

function security(socketType: string | null): Security | null {
  switch (socketType?.toUpperCase()) {
    case 'SSL':
    case 'TLS':
      return 'tls';
    case 'STARTTLS':
      return 'starttls';
    case 'PLAIN':
      return 'none';
    default:
      return null;
  }
}

// Letterbox signs in with a password; a server that only takes OAuth2, Kerberos or NTLM is
// of no use to it. No <authentication> at all means a password, as Thunderbird reads it.
const PASSWORD_METHODS = new Set(['password-cleartext', 'plain', 'password-encrypted', 'secure']);

function takesPassword(server: XmlElement): boolean {
  const methods = childrenNamed(server, 'authentication').map((method) => method.text.toLowerCase());
  return methods.length === 0 || methods.some((method) => PASSWORD_METHODS.has(method));
}

// %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% stand for parts of the address.
export function fillTemplate(template: string, email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  return template
    .replace(/%EMAILADDRESS%/g, email)
    .replace(/%EMAILLOCALPART%/g, local)
    .replace(/%EMAILDOMAIN%/g, domain);
}

function readServer(server: XmlElement, email: string): DiscoveredServer | null {
  const protocol = server.attributes.type?.toLowerCase();
  if (protocol !== 'imap' && protocol !== 'pop3' && protocol !== 'smtp') return null;
  const host = fillTemplate(childText(server, 'hostname') ?? '', email).toLowerCase();
  const portText = childText(server, 'port') ?? '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  const secured = security(childText(server, 'socketType'));
  if (!isServerName(host) || !(port >= 1 && port <= 65535) || secured === null || !takesPassword(server)) return null;
  const username = fillTemplate(childText(server, 'username') ?? '%EMAILADDRESS%', email).trim() || email;
  return { protocol: protocol satisfies MailProtocol, host, port, security: secured, username };
}

// Throws XmlReadError for a file that is not XML at all; a file without usable servers
// gives empty lists.
export function parseAutoconfig(xml: string, email: string): AutoconfigServers {
  const root = readXml(xml);
  const providers = root.name === 'emailProvider' ? [root] : childrenNamed(root, 'emailProvider');
  const incoming: DiscoveredServer[] = [];
  const outgoing: DiscoveredServer[] = [];
  for (const provider of providers) {
    for (const element of childrenNamed(provider, 'incomingServer')) {
      const server = readServer(element, email);
      if (server !== null && server.protocol !== 'smtp') incoming.push(server);
    }
    for (const element of childrenNamed(provider, 'outgoingServer')) {
      const server = readServer(element, email);
      if (server !== null && server.protocol === 'smtp') outgoing.push(server);
    }
  }
  return { incoming, outgoing };
}
