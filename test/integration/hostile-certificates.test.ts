// Certificates a connection must refuse (self-signed, expired, another host's, from an
// unknown CA, TLS 1.0 only), and a pin that holds for exactly one host and port. Servers
// are scripted over node:tls so that each certificate (made with openssl in the test's temp
// dir) and protocol version can be chosen; the self-signed case against a real Dovecot is
// test/integration/certificate-trust.test.ts. Also: imapflow's size caps hold.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from 'node:crypto';
import { connect as connectTls } from 'node:tls';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { ImapConnectionSettings } from '../../electron/imap/imap-types.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { hostileCounter } from '../servers/hostile-count.ts';
import { startScriptedServer, type ScriptedServer } from '../servers/scripted-server.ts';
import { makeTestCertificates, type KeyPair, type TestCertificates } from '../servers/test-certificates.ts';
import type { Pin } from '../../electron/certificates/certificate-repository.ts';

const tried = hostileCounter('hostile certificates and sizes');
let dir = '';
let certificates: TestCertificates;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'letterbox-certificates-'));
  certificates = makeTestCertificates(join(dir, 'certs'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A server's TLS: the pair's certificate, and TLS 1.0 alone where asked.
function serverTls(pair: KeyPair, tls10: boolean) {
  return {
    key: pair.key,
    cert: pair.cert,
    ...(tls10
      ? {
          minVersion: 'TLSv1' as const,
          maxVersion: 'TLSv1' as const,
          ciphers: 'DEFAULT@SECLEVEL=0',
        }
      : {}),
  };
}

function imapsServer(pair: KeyPair, tls10 = false): Promise<ScriptedServer> {
  return startScriptedServer({
    implicitTls: true,
    tls: serverTls(pair, tls10),
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n',
    onLine(line, connection) {
      const [tag = '*', verb = ''] = line.split(' ');
      if (/^LIST$/i.test(verb) && line.includes('*')) connection.write(`* LIST () "/" {300000000}\r\n`);
      else if (/^CAPABILITY$/i.test(verb)) connection.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
      else if (/^LOGOUT$/i.test(verb)) connection.write(`* BYE\r\n${tag} OK bye\r\n`);
      else connection.write(`${tag} OK done\r\n`);
    },
  });
}

function settings(server: ScriptedServer, overrides: Partial<ImapConnectionSettings> = {}): ImapConnectionSettings {
  return {
    host: server.host,
    port: server.port,
    security: 'tls',
    username: 'alice',
    password: 'cert-canary-pw',
    trustedCertificates: [certificates.trustedCa.cert],
    timeoutMs: 10_000,
    ...overrides,
  };
}

// The certificates every protocol must refuse, with the reason the user is shown.
const cases: readonly {
  name: string;
  pair: () => KeyPair;
  code: string;
  reason: RegExp;
}[] = [
  {
    name: 'self-signed',
    pair: () => certificates.selfSigned,
    code: 'tls-untrusted',
    reason: /self-signed/,
  },
  {
    name: 'expired',
    pair: () => certificates.expired,
    code: 'tls-untrusted',
    reason: /expired/,
  },
  {
    name: 'for another host',
    pair: () => certificates.wrongHost,
    code: 'tls-untrusted',
    reason: /different server name/,
  },
  {
    name: 'from an unknown CA',
    pair: () => certificates.unknownCa,
    code: 'tls-untrusted',
    reason: /no known certificate authority/,
  },
];

async function refused(work: Promise<unknown>): Promise<LetterboxError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    return error;
  }
  assert.fail('the connection should have been refused');
}

// Each refused certificate, one test apiece, for a protocol: the server started with it, the
// client's attempt refused with the reason and the fingerprint, and what the server got checked.
function refusesEachCertificate(
  server: (pair: KeyPair) => Promise<ScriptedServer>,
  open: (started: ScriptedServer) => Promise<unknown>,
  nothingSecretSent: (started: ScriptedServer) => void,
): void {
  for (const { name, pair, code, reason } of cases) {
    it(`refuses a certificate ${name}, naming the reason and the fingerprint, before anything secret is sent`, async () => {
      tried();
      const started = await server(pair());
      try {
        const error = await refused(open(started));
        assert.equal(error.code, code);
        assert.match(error.message, reason);
        assert.equal(error.certificate?.fingerprint, new X509Certificate(pair().cert).fingerprint256);
        nothingSecretSent(started);
      } finally {
        await started.stop();
      }
    });
  }
}

function refusesTls10(server: (pair: KeyPair, tls10: boolean) => Promise<ScriptedServer>, open: (started: ScriptedServer) => Promise<unknown>): void {
  it('refuses a server that speaks only TLS 1.0', async () => {
    tried();
    const started = await server(certificates.valid, true);
    try {
      const error = await refused(open(started));
      assert.equal(error.code, 'tls-failed');
      assert.deepEqual(started.lines, []);
    } finally {
      await started.stop();
    }
  });
}

const noCommandSent = (server: ScriptedServer) => {
  assert.deepEqual(server.lines, [], 'not one command was sent');
};

describe('IMAP over TLS refuses certificates nobody vouches for', () => {
  it('accepts a certificate from the trusted CA for this host (the control case)', async () => {
    const server = await imapsServer(certificates.valid);
    try {
      const session = await openImapSession(settings(server));
      await session.close();
      assert.ok(server.lines.some((line) => /LOGIN|AUTHENTICATE/i.test(line)));
    } finally {
      await server.stop();
    }
  });

  refusesEachCertificate(imapsServer, (server) => openImapSession(settings(server)), noCommandSent);

  it('refuses a server that speaks only TLS 1.0', async () => {
    tried();
    const server = await imapsServer(certificates.valid, true);
    try {
      // The control: the server really completes a TLS 1.0 handshake with a client that allows it.
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = connectTls(
          {
            host: server.host,
            port: server.port,
            ca: certificates.trustedCa.cert,
            minVersion: 'TLSv1',
            ciphers: 'DEFAULT@SECLEVEL=0',
          },
          () => {
            resolve(socket.getProtocol());
            socket.destroy();
          },
        );
        socket.on('error', reject);
      });
      assert.equal(protocol, 'TLSv1');
      const error = await refused(openImapSession(settings(server)));
      assert.equal(error.code, 'tls-failed');
      assert.deepEqual(server.lines, []);
    } finally {
      await server.stop();
    }
  });
});

function pop3sServer(pair: KeyPair, tls10 = false): Promise<ScriptedServer> {
  return startScriptedServer({
    implicitTls: true,
    tls: serverTls(pair, tls10),
    greeting: '+OK ready\r\n',
    onLine(line, connection) {
      if (/^QUIT/i.test(line)) connection.write('+OK bye\r\n');
      else if (/^CAPA/i.test(line)) connection.write('+OK\r\nUSER\r\nUIDL\r\n.\r\n');
      else if (/^STAT/i.test(line)) connection.write('+OK 0 0\r\n');
      else connection.write('+OK\r\n');
    },
  });
}

function openPop3(server: ScriptedServer) {
  return openPop3Session({
    host: server.host,
    port: server.port,
    security: 'tls',
    username: 'carol',
    password: 'cert-canary-pw',
    trustedCertificates: [certificates.trustedCa.cert],
    timeoutMs: 10_000,
  });
}

describe('POP3 over TLS refuses the same certificates', () => {
  it('accepts a certificate from the trusted CA for this host (the control case)', async () => {
    const server = await pop3sServer(certificates.valid);
    try {
      const session = await openPop3(server);
      await session.close();
      assert.ok(server.lines.some((line) => /^(USER|AUTH|APOP)/i.test(line)), 'it signed in');
    } finally {
      await server.stop();
    }
  });

  refusesEachCertificate(pop3sServer, openPop3, noCommandSent);

  refusesTls10(pop3sServer, openPop3);
});

// Enough of SMTP submission (RFC 5321, RFC 4954 AUTH PLAIN) for one message.
function smtpsServer(pair: KeyPair, tls10 = false): Promise<ScriptedServer> {
  let inData = false;
  return startScriptedServer({
    implicitTls: true,
    tls: serverTls(pair, tls10),
    greeting: '220 smtp.test ESMTP\r\n',
    onLine(line, connection) {
      if (inData) {
        if (line === '.') {
          inData = false;
          connection.write('250 2.0.0 queued\r\n');
        }
        return;
      }
      if (/^EHLO/i.test(line)) connection.write('250-smtp.test\r\n250 AUTH PLAIN\r\n');
      else if (/^AUTH/i.test(line)) connection.write('235 2.7.0 ok\r\n');
      else if (/^DATA/i.test(line)) {
        inData = true;
        connection.write('354 go on\r\n');
      } else if (/^QUIT/i.test(line)) connection.write('221 bye\r\n');
      else connection.write('250 ok\r\n');
    },
  });
}

function sendThrough(server: ScriptedServer) {
  return sendRaw(
    {
      host: server.host,
      port: server.port,
      security: 'tls',
      username: 'alice',
      password: 'cert-canary-pw',
      trustedCertificates: [certificates.trustedCa.cert],
      timeoutMs: 10_000,
    },
    { from: 'alice@example.org', to: ['bob@example.org'] },
    Buffer.from('From: alice@example.org\r\nTo: bob@example.org\r\nSubject: hi\r\n\r\nsecret body\r\n'),
  );
}

// Only EHLO may have gone over a session the client then refused: no AUTH, no message.
function onlyEhloSent(server: ScriptedServer): void {
  assert.ok(
    server.lines.every((line) => /^EHLO /i.test(line)),
    `only EHLO went over it: ${server.lines.join(' | ')}`,
  );
  assert.ok(!server.plaintext().includes('secret body'));
}

describe('SMTP over TLS refuses the same certificates', () => {
  it('sends through a certificate from the trusted CA for this host (the control case)', async () => {
    const server = await smtpsServer(certificates.valid);
    try {
      await sendThrough(server);
      assert.ok(server.lines.some((line) => /^AUTH PLAIN/i.test(line)), 'it signed in');
      assert.ok(server.lines.includes('secret body'), 'and sent the message');
    } finally {
      await server.stop();
    }
  });

  refusesEachCertificate(smtpsServer, sendThrough, onlyEhloSent);

  refusesTls10(smtpsServer, sendThrough);
});

describe('a pinned certificate', () => {
  it('is trusted for its own host and port only: the same certificate on another port or host is refused', async () => {
    tried();
    const first = await imapsServer(certificates.selfSigned);
    const second = await imapsServer(certificates.selfSigned);
    try {
      // The trust layer hands a connection the pins of its own host and port only
      // (electron/certificates/certificate-trust.ts); here the pin goes with first's port.
      const session = await openImapSession(
        settings(first, {
          trustedCertificates: [],
          pinnedCertificates: [certificates.selfSigned.cert],
        }),
      );
      await session.close();
      const otherPort = await refused(openImapSession(settings(second, { trustedCertificates: [] })));
      assert.equal(otherPort.code, 'tls-untrusted');
      // "localhost" resolves to the same server but is another host name to pin for.
      const otherHost = await refused(openImapSession(settings(first, { host: 'localhost', trustedCertificates: [] })));
      assert.equal(otherHost.code, 'tls-untrusted');
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('through the trust store: pinned for one host and port, not for another port', async () => {
    tried();
    const { createCertificateTrust } = await import('../../electron/certificates/certificate-trust.ts');
    const pins = new Map<string, Pin>();
    const trust = createCertificateTrust({
      pin: (host, port, certificate) => {
        pins.set(`${host}:${port}`, { fingerprint: new X509Certificate(certificate).fingerprint256, certificate });
        return Promise.resolve();
      },
      pinnedFor: (host, port) => Promise.resolve(pins.get(`${host}:${port}`) ?? null),
      list: () => Promise.resolve([]),
      unpin: () => Promise.resolve(),
    });
    const open = trust.wrap(openImapSession);
    const first = await imapsServer(certificates.selfSigned);
    const second = await imapsServer(certificates.selfSigned);
    try {
      const error = await refused(open(settings(first, { trustedCertificates: [] })));
      const fingerprint = error.certificate?.fingerprint ?? '';
      await trust.trust({ host: first.host, port: first.port, fingerprint });
      const session = await open(settings(first, { trustedCertificates: [] }));
      await session.close();
      assert.equal((await refused(open(settings(second, { trustedCertificates: [] })))).code, 'tls-untrusted');
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

describe('IMAP size caps', () => {
  it('closes the connection on a literal larger than the cap instead of buffering it', async () => {
    tried();
    const server = await imapsServer(certificates.valid);
    try {
      const session = await openImapSession(settings(server));
      const error = await refused(session.listFolders());
      assert.equal(error.code, 'server-error');
      assert.match(error.message, /a literal larger, more than Letterbox accepts/);
      await session.close();
    } finally {
      await server.stop();
    }
  });
});

describe('SMTP size caps', () => {
  it('closes the session on a reply larger than 1 MB instead of buffering it, and says so', async () => {
    tried();
    // A greeting that never ends: 8 MB of one line.
    const server = await startScriptedServer({
      greeting: (connection) => {
        connection.write(`220 ${'x'.repeat(8 * 1024 * 1024)}`);
      },
      onLine: () => undefined,
    });
    try {
      const error = await refused(
        sendRaw(
          { host: server.host, port: server.port, security: 'none', username: 'alice', password: 'cert-canary-pw', timeoutMs: 10_000 },
          { from: 'alice@example.org', to: ['bob@example.org'] },
          Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
        ),
      );
      assert.equal(error.code, 'server-error');
      assert.match(error.message, /a reply larger than Letterbox accepts \(1 MB\)/);
      assert.deepEqual(server.lines, [], 'nothing was sent');
    } finally {
      await server.stop();
    }
  });
});
