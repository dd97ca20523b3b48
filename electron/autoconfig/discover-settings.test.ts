import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { discoverSettings, type DiscoveryOptions } from './discover-settings.ts';
import type { ResolveSrv } from './srv-lookup.ts';

const CONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.org">
  <incomingServer type="imap"><hostname>imap.example.org</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType>
    <username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;

function listen(server: HttpServer | TcpServer): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const noSrv: ResolveSrv = () => Promise.reject(Object.assign(new Error('queryNoData'), { code: 'ENODATA' }));
const noProbe: Pick<DiscoveryOptions, 'probeHosts' | 'probePorts'> = {
  probeHosts: () => ({ imap: [], pop3: [], smtp: [] }),
};

describe('discoverSettings', () => {
  let http: HttpServer;
  let httpPort = 0;
  // An IMAP server that offers no STARTTLS at all.
  let plainImap: TcpServer;
  let plainImapPort = 0;
  let srvAsked = 0;

  before(async () => {
    http = createHttpServer((request, response) => {
      if (request.url === '/mail/config-v1.1.xml') {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(CONFIG);
      } else if (request.url === '/silent') {
        // Never answers: the fetch must time out.
      } else {
        response.writeHead(404).end('Not found');
      }
    });
    httpPort = await listen(http);
    plainImap = createTcpServer((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
      socket.on('data', (chunk: Buffer) => {
        const tag = chunk.toString('latin1').split(' ')[0] ?? '*';
        if (/CAPABILITY/i.test(chunk.toString('latin1'))) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else socket.end(`* BYE\r\n${tag} OK bye\r\n`);
      });
      socket.on('error', () => undefined);
    });
    plainImapPort = await listen(plainImap);
  });

  after(() => {
    http.closeAllConnections();
    http.close();
    plainImap.close();
  });

  const url = (path: string) => `http://127.0.0.1:${httpPort}${path}`;

  it('takes the autoconfig file first, after a place that has none, without asking DNS', async () => {
    const found = await discoverSettings('zoe@example.org', {
      autoconfigUrls: () => [url('/.well-known/autoconfig/mail/config-v1.1.xml'), url('/mail/config-v1.1.xml')],
      resolveSrv: (name) => {
        srvAsked += 1;
        return noSrv(name);
      },
      ...noProbe,
    });
    assert.equal(found.source, 'autoconfig');
    assert.deepEqual(found.incoming, [{ protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls', username: 'zoe@example.org' }]);
    assert.deepEqual(found.outgoing, { protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls', username: 'zoe@example.org' });
    assert.equal(found.unencryptedOnly, false);
    assert.equal(srvAsked, 0);
    assert.match(found.steps[0]?.outcome ?? '', /no configuration there/);
  });

  it('falls back to SRV records when no file answers in time', async () => {
    const started = Date.now();
    const found = await discoverSettings('zoe@example.org', {
      autoconfigUrls: () => [url('/silent')],
      fetchTimeoutMs: 300,
      resolveSrv: (name) =>
        name === '_imap._tcp.example.org'
          ? Promise.resolve([{ name: 'mail.example.org', port: 143, priority: 0, weight: 0 }])
          : name === '_imaps._tcp.example.org'
            ? Promise.resolve([{ name: 'mail.example.org', port: 993, priority: 0, weight: 0 }])
            : noSrv(name),
      ...noProbe,
    });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(found.source, 'srv');
    assert.deepEqual(
      found.incoming.map((server) => [server.host, server.port, server.security]),
      [
        ['mail.example.org', 993, 'tls'],
        ['mail.example.org', 143, 'starttls'],
      ],
    );
    assert.equal(found.outgoing, null);
    assert.match(found.description, /Check the server names/);
  });

  it('probes last, and flags a server that offers no encryption at all', async () => {
    const found = await discoverSettings('zoe@example.org', {
      autoconfigUrls: () => [url('/missing')],
      resolveSrv: noSrv,
      probeHosts: () => ({ imap: ['127.0.0.1'], pop3: [], smtp: [] }),
      probePorts: { imap: [{ port: plainImapPort, transport: 'plain' }], pop3: [], smtp: [] },
      probeTimeoutMs: 3000,
    });
    assert.equal(found.source, 'probe');
    assert.deepEqual(found.incoming, [{ protocol: 'imap', host: '127.0.0.1', port: plainImapPort, security: 'none', username: 'zoe@example.org' }]);
    assert.equal(found.unencryptedOnly, true);
  });

  it('says so when nothing is found, after trying every step', async () => {
    const found = await discoverSettings('zoe@example.org', {
      autoconfigUrls: () => [url('/missing')],
      resolveSrv: noSrv,
      probeHosts: () => ({ imap: ['127.0.0.1'], pop3: [], smtp: [] }),
      // Nothing listens on port 1 of 127.0.0.1.
      probePorts: { imap: [{ port: 1, transport: 'tls' }], pop3: [], smtp: [] },
    });
    assert.equal(found.source, 'none');
    assert.deepEqual(found.incoming, []);
    assert.deepEqual(found.steps.map((step) => step.step), ['autoconfig', 'srv', 'probe']);
  });
});
