// Discovery's last step, probing, against the real Dovecot: its implicit-TLS ports are
// found as TLS, its plain ports as STARTTLS (Dovecot offers it with ssl = yes), implicit
// TLS is preferred, and the test certificate, which the probe does not trust, does not stop
// it: a TLS session refused for its certificate alone is a TLS server found there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverSettings } from '../../electron/autoconfig/discover-settings.ts';
import { probeServer } from '../../electron/autoconfig/probe-server.ts';
import type { ResolveSrv } from '../../electron/autoconfig/srv-lookup.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';

const noSrv: ResolveSrv = () => Promise.reject(Object.assign(new Error('queryNoData'), { code: 'ENODATA' }));

describe('probing the usual ports finds Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  before(async () => {
    server = await startDovecot();
  });
  after(async () => {
    await server.stop();
  });

  it('offers IMAP over TLS first, then IMAP with STARTTLS, then POP3, each with the right security', async () => {
    const found = await discoverSettings('alice@example.org', {
      autoconfigUrls: () => [],
      resolveSrv: noSrv,
      probeHosts: () => ({ imap: ['127.0.0.1'], pop3: ['127.0.0.1'], smtp: [] }),
      probePorts: {
        imap: [
          { port: server.imapsPort, transport: 'tls' },
          { port: server.imapPort, transport: 'plain' },
        ],
        pop3: [
          { port: server.pop3sPort, transport: 'tls' },
          { port: server.pop3Port, transport: 'plain' },
        ],
        smtp: [],
      },
      probeTimeoutMs: 5000,
    });
    assert.equal(found.source, 'probe');
    assert.deepEqual(
      found.incoming.map((candidate) => [candidate.protocol, candidate.port, candidate.security]),
      [
        ['imap', server.imapsPort, 'tls'],
        ['imap', server.imapPort, 'starttls'],
        ['pop3', server.pop3sPort, 'tls'],
        ['pop3', server.pop3Port, 'starttls'],
      ],
    );
    assert.equal(found.unencryptedOnly, false);
    assert.equal(found.incoming[0]?.username, 'alice@example.org');
  });

  it('finds STARTTLS on the plain port when that is all there is, and never logs in while probing', async () => {
    const found = await discoverSettings('alice@example.org', {
      autoconfigUrls: () => [],
      resolveSrv: noSrv,
      probeHosts: () => ({ imap: ['127.0.0.1'], pop3: [], smtp: [] }),
      probePorts: { imap: [{ port: server.imapPort, transport: 'plain' }, { port: 1, transport: 'tls' }], pop3: [], smtp: [] },
    });
    assert.deepEqual(
      found.incoming.map((candidate) => [candidate.port, candidate.security]),
      [[server.imapPort, 'starttls']],
    );
    assert.doesNotMatch(readFileSync(join(server.dir, 'dovecot.log'), 'utf8'), /Login: user=<alice/);
  });

  it('reads the greeting over TLS it verified, with the configured CA; refused for its certificate alone, a TLS server still counts', async () => {
    const imapOn = (port: number) => ({ protocol: 'imap' as const, host: server.host, port, transport: 'tls' as const });
    const trusted = [server.caCertificate];
    // Verified: the greeting decides, so POP3S's port is no IMAP server.
    assert.equal(await probeServer(imapOn(server.imapsPort), 5000, trusted), 'tls');
    assert.equal(await probeServer(imapOn(server.pop3sPort), 5000, trusted), null);
    // Not verified: no greeting can be read, and a TLS server on the port is what is known.
    assert.equal(await probeServer(imapOn(server.imapsPort), 5000), 'tls');
    assert.equal(await probeServer(imapOn(server.pop3sPort), 5000), 'tls');
    // Nothing that speaks TLS: not found.
    assert.equal(await probeServer(imapOn(server.imapPort), 5000), null);
    const throughDiscovery = await discoverSettings('alice@example.org', {
      autoconfigUrls: () => [],
      resolveSrv: noSrv,
      probeHosts: () => ({ imap: ['127.0.0.1'], pop3: [], smtp: [] }),
      probePorts: { imap: [{ port: server.pop3sPort, transport: 'tls' }], pop3: [], smtp: [] },
      trustedCertificates: trusted,
    });
    assert.deepEqual(throughDiscovery.incoming, []);
  });
});
