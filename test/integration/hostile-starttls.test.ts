// STARTTLS against servers that hide it, refuse it, skip it with PREAUTH, or inject bytes
// after "begin TLS" (CVE-2011-0411): for IMAP, POP3 and SMTP the password and the login
// command never cross in clear, and the error says why. No real server does this on
// purpose, so a scripted one plays the server (or the man in the middle).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { createFileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { createService } from '../../electron/service/create-service.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { hostileCounter } from '../servers/hostile-count.ts';
import { startScriptedServer, type ScriptedConnection, type ScriptedServer } from '../servers/scripted-server.ts';
import { makeTestCertificates, type TestCertificates } from '../servers/test-certificates.ts';

const PASSWORD = 'starttls-canary-Pw9';
const tried = hostileCounter('hostile STARTTLS servers');
let dir = '';
let certificates: TestCertificates;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'letterbox-starttls-'));
  certificates = makeTestCertificates(join(dir, 'certs'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function failure(work: Promise<unknown>): Promise<LetterboxError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    assert.ok(!error.message.includes(PASSWORD), 'the password is not in the error');
    return error;
  }
  assert.fail('the connection should have been refused');
}

function assertNothingSecretInClear(server: ScriptedServer, commands: RegExp): void {
  const clear = server.plaintext();
  assert.doesNotMatch(clear, commands, `no login command before TLS; received in clear: ${JSON.stringify(clear)}`);
  assert.ok(!clear.includes(PASSWORD), 'the password never crossed in clear');
  assert.ok(!clear.includes(Buffer.from(PASSWORD).toString('base64')), 'nor in base64');
}

type ImapBehaviour = 'honest' | 'strip' | 'refuse' | 'preauth' | 'inject';

function imapServer(behaviour: ImapBehaviour): Promise<ScriptedServer> {
  const capabilities = behaviour === 'strip' ? 'IMAP4rev1 AUTH=PLAIN' : 'IMAP4rev1 STARTTLS AUTH=PLAIN';
  return startScriptedServer({
    tls: { key: certificates.valid.key, cert: certificates.valid.cert },
    greeting:
      behaviour === 'preauth' ? `* PREAUTH [CAPABILITY ${capabilities}] logged in already\r\n` : '* OK scripted IMAP ready\r\n',
    onLine(line, connection: ScriptedConnection) {
      const [tag = '*', verb = ''] = line.split(' ');
      switch (verb.toUpperCase()) {
        case 'CAPABILITY':
          connection.write(`* CAPABILITY ${connection.secure ? 'IMAP4rev1 AUTH=PLAIN' : capabilities}\r\n${tag} OK done\r\n`);
          return;
        case 'STARTTLS':
          if (behaviour === 'refuse') {
            connection.write(`${tag} NO STARTTLS is not available now\r\n`);
            return;
          }
          // The injected untagged response would claim capabilities as if sent over TLS.
          connection.write(
            `${tag} OK Begin TLS negotiation now\r\n${behaviour === 'inject' ? '* CAPABILITY IMAP4rev1 AUTH=PLAIN LOGINDISABLED\r\n' : ''}`,
          );
          connection.startTls();
          return;
        case 'LOGOUT':
          connection.write(`* BYE\r\n${tag} OK bye\r\n`);
          connection.drop();
          return;
        default:
          connection.write(`${tag} OK done\r\n`);
      }
    },
  });
}

describe('IMAP STARTTLS against a hostile server', () => {
  const settings = (server: ScriptedServer) => ({
    host: server.host,
    port: server.port,
    security: 'starttls' as const,
    username: 'alice',
    password: PASSWORD,
    trustedCertificates: [certificates.trustedCa.cert],
    timeoutMs: 10_000,
  });

  it('logs in only after TLS when the server behaves (the recorder sees the clear part)', async () => {
    const server = await imapServer('honest');
    try {
      const session = await openImapSession(settings(server));
      await session.close();
      assert.match(server.plaintext(), /STARTTLS/);
      assert.ok(
        server.lines.some((line) => /^\S+ (LOGIN|AUTHENTICATE)\b/i.test(line)),
        'the login went over TLS',
      );
      assertNothingSecretInClear(server, /LOGIN|AUTHENTICATE/i);
    } finally {
      await server.stop();
    }
  });

  const cases: readonly { behaviour: ImapBehaviour; why: RegExp }[] = [
    { behaviour: 'strip', why: /did not offer STARTTLS/ },
    { behaviour: 'refuse', why: /did not offer STARTTLS or refused it/ },
    { behaviour: 'preauth', why: /PREAUTH/ },
    { behaviour: 'inject', why: /tampering/ },
  ];
  for (const { behaviour, why } of cases) {
    it(`never sends LOGIN in clear and says why when the server answers "${behaviour}"`, async () => {
      tried();
      const server = await imapServer(behaviour);
      try {
        const error = await failure(openImapSession(settings(server)));
        assert.equal(error.code, 'tls-failed');
        assert.match(error.message, why);
        assert.match(error.message, /password was not sent/);
        assertNothingSecretInClear(server, /LOGIN|AUTHENTICATE/i);
      } finally {
        await server.stop();
      }
    });
  }

  it('tells the user through the service why the account was not added', async () => {
    tried();
    const server = await imapServer('strip');
    const data = mkdtempSync(join(dir, 'service-'));
    const service = createService({
      dataDir: data,
      secretStore: createFileSecretStore(data),
      trustedCertificates: [certificates.trustedCa.cert],
      openExternal: () => Promise.resolve(false),
      logError: () => undefined,
      sync: { checkIntervalMs: 3_600_000 },
    });
    try {
      const result = await service.dispatch('testAccount', {
        kind: 'imap',
        email: 'alice@example.org',
        password: PASSWORD,
        incoming: {
          host: server.host,
          port: server.port,
          security: 'starttls',
          username: 'alice',
        },
        outgoing: null,
      });
      assert.equal(result.ok, false);
      assert.equal(result.error.code, 'tls-failed');
      assert.match(result.error.message, /STARTTLS.*password was not sent/);
      assertNothingSecretInClear(server, /LOGIN|AUTHENTICATE/i);
    } finally {
      await service.close();
      await server.stop();
    }
  });
});

type Pop3Behaviour = 'strip' | 'refuse' | 'inject';

function pop3Server(behaviour: Pop3Behaviour): Promise<ScriptedServer> {
  return startScriptedServer({
    tls: { key: certificates.valid.key, cert: certificates.valid.cert },
    greeting: '+OK scripted POP3 ready\r\n',
    onLine(line, connection) {
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      if (verb === 'CAPA') {
        const stls = behaviour === 'strip' || connection.secure ? '' : 'STLS\r\n';
        connection.write(`+OK\r\nUSER\r\nSASL PLAIN\r\n${stls}.\r\n`);
      } else if (verb === 'STLS') {
        if (behaviour === 'refuse') {
          connection.write('-ERR not now\r\n');
          return;
        }
        connection.write(`+OK begin TLS\r\n${behaviour === 'inject' ? '+OK\r\nUSER\r\n.\r\n' : ''}`);
        connection.startTls();
      } else {
        connection.write('+OK\r\n');
      }
    },
  });
}

describe('POP3 STLS against a hostile server', () => {
  const cases: readonly { behaviour: Pop3Behaviour; why: RegExp }[] = [
    { behaviour: 'strip', why: /does not offer STLS/ },
    { behaviour: 'refuse', why: /does not offer STLS/ },
    { behaviour: 'inject', why: /answers no command/ },
  ];
  for (const { behaviour, why } of cases) {
    it(`never sends USER, PASS or AUTH in clear and says why when the server answers "${behaviour}"`, async () => {
      tried();
      const server = await pop3Server(behaviour);
      try {
        const error = await failure(
          openPop3Session({
            host: server.host,
            port: server.port,
            security: 'starttls',
            username: 'carol',
            password: PASSWORD,
            trustedCertificates: [certificates.trustedCa.cert],
            timeoutMs: 10_000,
          }),
        );
        assert.match(error.message, why);
        assertNothingSecretInClear(server, /^(USER|PASS|AUTH|APOP)\b/im);
      } finally {
        await server.stop();
      }
    });
  }
});

type SmtpBehaviour = 'strip' | 'refuse' | 'inject';

function smtpServer(behaviour: SmtpBehaviour): Promise<ScriptedServer> {
  let inData = false;
  return startScriptedServer({
    tls: { key: certificates.valid.key, cert: certificates.valid.cert },
    greeting: '220 scripted ESMTP\r\n',
    onLine(line, connection) {
      if (inData) {
        if (line === '.') {
          inData = false;
          connection.write('250 queued\r\n');
        }
        return;
      }
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      switch (verb) {
        case 'EHLO': {
          const starttls = behaviour === 'strip' || connection.secure ? '' : '250-STARTTLS\r\n';
          connection.write(`250-scripted\r\n${starttls}250 AUTH PLAIN LOGIN\r\n`);
          return;
        }
        case 'STARTTLS':
          if (behaviour === 'refuse') {
            connection.write('454 TLS not available due to temporary reason\r\n');
            return;
          }
          // What a server (or a man in the middle) that hid STARTTLS says when asked anyway.
          if (behaviour === 'strip') {
            connection.write('502 5.5.1 command not implemented\r\n');
            return;
          }
          // Only 'inject' is left here. RFC 3207 6: an injected reply would otherwise pass as
          // the answer to the EHLO sent over TLS.
          connection.write('220 Ready to start TLS\r\n250-scripted\r\n250 AUTH PLAIN\r\n');
          connection.startTls();
          return;
        case 'AUTH':
          connection.write('235 ok\r\n');
          return;
        case 'DATA':
          inData = true;
          connection.write('354 go on\r\n');
          return;
        case 'QUIT':
          connection.write('221 bye\r\n');
          connection.drop();
          return;
        default:
          connection.write('250 ok\r\n');
      }
    },
  });
}

describe('SMTP STARTTLS against a hostile server', () => {
  const send = (server: ScriptedServer) =>
    sendRaw(
      {
        host: server.host,
        port: server.port,
        security: 'starttls',
        username: 'alice',
        password: PASSWORD,
        trustedCertificates: [certificates.trustedCa.cert],
        timeoutMs: 10_000,
      },
      { from: 'alice@example.org', to: ['bob@example.org'] },
      Buffer.from('Subject: hi\r\n\r\nsecret body\r\n'),
    );

  for (const behaviour of ['strip', 'refuse'] as const) {
    it(`never sends AUTH or the message in clear and says why when the server answers "${behaviour}"`, async () => {
      tried();
      const server = await smtpServer(behaviour);
      try {
        const error = await failure(send(server));
        assert.equal(error.code, 'tls-failed');
        assert.match(error.message, /STARTTLS/);
        assertNothingSecretInClear(server, /^(AUTH|MAIL|RCPT|DATA)\b|secret body/im);
      } finally {
        await server.stop();
      }
    });
  }

  it('discards a reply injected after "220 Ready to start TLS" and logs in only over TLS', async () => {
    tried();
    const server = await smtpServer('inject');
    try {
      // nodemailer drops what came in clear after the 220 (RFC 3207 6) and asks EHLO again over TLS.
      await send(server);
      const ehloAfterTls = server.lines.filter((line) => /^EHLO\b/i.test(line)).length;
      assert.equal(ehloAfterTls, 2, 'EHLO asked again over TLS instead of trusting the injected reply');
      assertNothingSecretInClear(server, /^(AUTH|MAIL|RCPT|DATA)\b|secret body/im);
    } finally {
      await server.stop();
    }
  });
});
