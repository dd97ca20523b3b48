// The POP3 protocol layer against a real Dovecot pop3d: every way to log in, the commands'
// exact results, deletion semantics, and pipelining on the wire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { startDovecot, dovecotSkipReason, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage } from '../servers/seed.ts';
import { freePorts } from '../servers/free-port.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { OpenPop3Session, Pop3ConnectionSettings, Pop3Session } from '../../electron/pop3/pop3-types.ts';
import { LetterboxError } from '../../shared/errors.ts';

// Sync receives the opener through this contract type; assigning it checks that it conforms.
const open: OpenPop3Session = openPop3Session;

// Messages as bytes, chosen to stress the wire format: lines starting with dots (stuffed on
// the wire), a line that is only a dot, 8-bit bytes that are not UTF-8, bare LF line ends
// and no final line end. (Not a first line starting with ".": Dovecot 2.3 does not stuff it.)
const HOSTILE_MESSAGES: readonly Buffer[] = [
  Buffer.from(generateMessage(1), 'utf8'),
  Buffer.from(generateMessage(2), 'utf8'),
  Buffer.from(generateMessage(3), 'utf8'),
  Buffer.from('Subject: dots\r\n\r\n.\r\n..two\r\n.three\r\n...\r\nend without a line end', 'latin1'),
  Buffer.concat([
    Buffer.from('Subject: latin-1\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n', 'latin1'),
    Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0d, 0x0a, 0xff, 0xfe, 0x80, 0x0d, 0x0a]),
  ]),
  Buffer.from('Subject: bare LF\n\nline one\nline two\n', 'latin1'),
];

// What POP3 delivers for a stored message (RFC 1939 3 and 11): every line ended by CRLF,
// including the last. Only line ends change; every other byte must be identical.
function onTheWire(message: Buffer): Buffer {
  const text = message.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

function settingsFor(server: DovecotServer, username: string, overrides: Partial<Pop3ConnectionSettings> = {}): Pop3ConnectionSettings {
  const user = server.user(username);
  return {
    host: server.host,
    port: server.pop3sPort,
    security: 'tls',
    username: user.username,
    password: user.password,
    trustedCertificates: [server.caCertificate],
    timeoutMs: 5000,
    ...overrides,
  };
}

// Dovecot writes its login line from the log process, a moment after the client is in.
async function nextLoginLine(server: DovecotServer, seenBefore: number): Promise<string> {
  const until = Date.now() + 3000;
  for (;;) {
    const logins = readFileSync(join(server.dir, 'dovecot.log'), 'utf8')
      .split('\n')
      .filter((line) => /pop3-login: (Info: )?Login: /.test(line));
    const line = logins[seenBefore];
    if (line !== undefined) return line;
    if (Date.now() > until) throw new Error('No new pop3 login line in the Dovecot log');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function loginCount(server: DovecotServer): number {
  return readFileSync(join(server.dir, 'dovecot.log'), 'utf8')
    .split('\n')
    .filter((line) => /pop3-login: (Info: )?Login: /.test(line)).length;
}

async function loginError(settings: Pop3ConnectionSettings): Promise<LetterboxError> {
  try {
    const session = await open(settings);
    await session.close();
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    assert.doesNotMatch(error.message, new RegExp(settings.password), 'the password never appears in an error message');
    return error;
  }
  assert.fail(`logging in to port ${settings.port} should have failed`);
}

async function withSession<T>(settings: Pop3ConnectionSettings, use: (session: Pop3Session) => Promise<T>): Promise<T> {
  const session = await open(settings);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

describe('a POP3 session with Dovecot', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;

  before(async () => {
    server = await startDovecot();
    await appendMessages(
      server,
      'alice',
      'INBOX',
      HOSTILE_MESSAGES.map((raw) => ({ raw })),
    );
  });

  after(async () => {
    await server.stop();
  });

  describe('logging in', () => {
    it('upgrades the plain port with STLS, then logs in with USER/PASS', async () => {
      const seen = loginCount(server);
      await withSession(
        settingsFor(server, 'alice', {
          port: server.pop3Port,
          security: 'starttls',
          authMethod: 'user',
        }),
        async (session) => {
          assert.equal((await session.stat()).messageCount, HOSTILE_MESSAGES.length);
          // After login Dovecot announces no STLS: these are the capabilities from inside TLS.
          assert.equal(session.capabilities.stls, false);
          assert.equal(session.capabilities.uidl, true);
        },
      );
      assert.match(await nextLoginLine(server, seen), /user=<alice>, method=PLAIN, .*\bTLS\b/);
    });

    it('logs in over POP3S with SASL PLAIN when the server offers it', async () => {
      const seen = loginCount(server);
      await withSession(settingsFor(server, 'alice'), async (session) => {
        assert.equal((await session.stat()).messageCount, HOSTILE_MESSAGES.length);
      });
      assert.match(await nextLoginLine(server, seen), /user=<alice>, method=PLAIN, .*\bTLS\b/);
    });

    it('logs in with APOP when asked to, using the greeting timestamp', async () => {
      const seen = loginCount(server);
      await withSession(
        settingsFor(server, 'alice', {
          port: server.pop3Port,
          security: 'none',
          authMethod: 'apop',
        }),
        async (session) => {
          assert.equal((await session.stat()).messageCount, HOSTILE_MESSAGES.length);
        },
      );
      assert.match(await nextLoginLine(server, seen), /user=<alice>, method=APOP/);
    });

    it('logs in with SASL PLAIN after STLS', async () => {
      const seen = loginCount(server);
      await withSession(
        settingsFor(server, 'alice', {
          port: server.pop3Port,
          security: 'starttls',
          authMethod: 'sasl-plain',
        }),
        (session) => session.noop(),
      );
      assert.match(await nextLoginLine(server, seen), /user=<alice>, method=PLAIN, .*\bTLS\b/);
    });

    it('says the user name or password is wrong, without the password, for each method', async () => {
      for (const [authMethod, security, port] of [
        ['user', 'starttls', server.pop3Port],
        ['sasl-plain', 'tls', server.pop3sPort],
        ['apop', 'none', server.pop3Port],
      ] as const) {
        const error = await loginError(
          settingsFor(server, 'alice', {
            authMethod,
            security,
            port,
            password: 'wrong-password-123',
          }),
        );
        assert.equal(error.code, 'auth-failed', `${authMethod}: ${error.message}`);
        assert.match(error.message, /did not accept the user name "alice" with this password/);
      }
    });

    it('refuses a self-signed certificate that is not trusted', async () => {
      const error = await loginError(settingsFor(server, 'alice', { trustedCertificates: [] }));
      assert.equal(error.code, 'tls-untrusted');
      const upgraded = await loginError(
        settingsFor(server, 'alice', {
          trustedCertificates: [],
          port: server.pop3Port,
          security: 'starttls',
        }),
      );
      assert.equal(upgraded.code, 'tls-untrusted');
    });

    it('reports a refused connection and TLS spoken to a plain port', async () => {
      const [closedPort] = await freePorts(1);
      assert.ok(closedPort !== undefined);
      assert.equal((await loginError(settingsFor(server, 'alice', { port: closedPort }))).code, 'connection-refused');
      assert.equal(
        (
          await loginError(
            settingsFor(server, 'alice', {
              port: server.pop3Port,
              security: 'tls',
              timeoutMs: 2000,
            }),
          )
        ).code,
        'tls-failed',
      );
    });
  });

  describe('reading mail', () => {
    it('reports STAT, LIST and UIDL consistently', async () => {
      await withSession(settingsFor(server, 'alice'), async (session) => {
        const stat = await session.stat();
        const sizes = await session.list();
        const uids = await session.uidl();
        assert.deepEqual([...sizes.keys()], [1, 2, 3, 4, 5, 6]);
        assert.equal(stat.messageCount, 6);
        assert.equal(
          stat.sizeOctets,
          [...sizes.values()].reduce((sum, size) => sum + size, 0),
        );
        assert.deepEqual([...uids.keys()], [1, 2, 3, 4, 5, 6]);
        assert.equal(new Set(uids.values()).size, 6, 'unique-ids are unique');
        // Stable across sessions (RFC 1939 7).
        await withSession(settingsFor(server, 'alice'), async (again) => {
          assert.deepEqual([...(await again.uidl())], [...uids]);
        });
      });
    });

    it('retrieves each message as exactly the bytes appended, with CRLF line ends', async () => {
      await withSession(settingsFor(server, 'alice'), async (session) => {
        const sizes = await session.list();
        for (const [index, raw] of HOSTILE_MESSAGES.entries()) {
          const retrieved = await session.retrieve(index + 1);
          assert.deepEqual(retrieved, onTheWire(raw), `message ${index + 1}`);
          // RFC 1939 5: LIST gives the size of the message as it would be retrieved (the
          // final CRLF that Dovecot adds to an unterminated message is not counted).
          assert.ok(Math.abs((sizes.get(index + 1) ?? -1) - retrieved.length) <= 2);
        }
      });
    });

    it('returns the header and the requested number of body lines with TOP', async () => {
      await withSession(settingsFor(server, 'alice'), async (session) => {
        const expected = onTheWire(HOSTILE_MESSAGES[3]!).toString('latin1');
        const headerEnd = expected.indexOf('\r\n\r\n') + 4;
        assert.equal((await session.top(4, 0)).toString('latin1'), expected.slice(0, headerEnd));
        assert.equal((await session.top(4, 2)).toString('latin1'), `${expected.slice(0, headerEnd)}.\r\n..two\r\n`);
      });
    });

    it('rejects a message number the server does not have, and stays usable', async () => {
      await withSession(settingsFor(server, 'alice'), async (session) => {
        await assert.rejects(
          session.retrieve(99),
          (error: unknown) =>
            error instanceof LetterboxError && error.code === 'server-error' && /refused the RETR command/.test(error.message),
        );
        assert.equal((await session.stat()).messageCount, 6);
        await assert.rejects(session.retrieve(0), (error: unknown) => error instanceof LetterboxError && error.code === 'invalid-argument');
      });
    });
  });

  describe('deleting mail', () => {
    async function freshMailbox(count: number): Promise<void> {
      // Empty bob's INBOX, then give him `count` known messages.
      const session = await open(settingsFor(server, 'bob'));
      const { messageCount } = await session.stat();
      await Promise.all(Array.from({ length: messageCount }, (_, i) => session.delete(i + 1)));
      await session.quit();
      await appendMessages(
        server,
        'bob',
        'INBOX',
        Array.from({ length: count }, (_, i) => ({
          raw: generateMessage(100 + i),
        })),
      );
    }

    it('removes messages marked with DELE once QUIT commits them', async () => {
      await freshMailbox(3);
      const session = await open(settingsFor(server, 'bob'));
      const uids = await session.uidl();
      await session.delete(2);
      await session.quit();
      await withSession(settingsFor(server, 'bob'), async (after) => {
        assert.deepEqual([...(await after.uidl()).values()], [uids.get(1), uids.get(3)]);
      });
    });

    it('deletes nothing when the connection ends without QUIT', async () => {
      await freshMailbox(3);
      const session = await open(settingsFor(server, 'bob'));
      const uids = await session.uidl();
      await session.delete(1);
      await session.delete(3);
      await session.close();
      await withSession(settingsFor(server, 'bob'), async (after) => {
        assert.deepEqual([...(await after.uidl())], [...uids]);
      });
    });

    it('unmarks deletions with RSET', async () => {
      await freshMailbox(2);
      const session = await open(settingsFor(server, 'bob'));
      await session.delete(1);
      assert.equal((await session.stat()).messageCount, 1);
      await session.reset();
      assert.equal((await session.stat()).messageCount, 2);
      await session.quit();
      await withSession(settingsFor(server, 'bob'), async (after) => {
        assert.equal((await after.stat()).messageCount, 2);
      });
    });

    it('rejects commands after QUIT with a network error', async () => {
      const session = await open(settingsFor(server, 'bob'));
      await session.quit();
      await assert.rejects(session.noop(), (error: unknown) => error instanceof LetterboxError && error.code === 'network');
    });
  });

  describe('pipelining', () => {
    // A transparent TCP relay that notes how many RETR commands had reached the server
    // before the server's first answer to one of them came back.
    let relay: Server;
    let relayPort: number;
    let retrBeforeFirstAnswer: number | null = null;
    const relaySockets = new Set<Socket>();

    before(async () => {
      relay = createServer((client) => {
        const upstream = connect({ host: server.host, port: server.pop3Port });
        relaySockets.add(client).add(upstream);
        let sentToServer = '';
        client.on('data', (chunk: Buffer) => {
          sentToServer += chunk.toString('latin1');
          upstream.write(chunk);
        });
        upstream.on('data', (chunk: Buffer) => {
          if (retrBeforeFirstAnswer === null && sentToServer.includes('RETR ')) {
            retrBeforeFirstAnswer = sentToServer.split('\r\n').filter((line) => line.startsWith('RETR ')).length;
          }
          client.write(chunk);
        });
        for (const socket of [client, upstream]) {
          socket.on('error', () => undefined);
          socket.on('close', () => {
            client.destroy();
            upstream.destroy();
          });
        }
      });
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
      const address = relay.address();
      assert.ok(address !== null && typeof address === 'object');
      relayPort = address.port;
    });

    after(async () => {
      for (const socket of relaySockets) socket.destroy();
      await new Promise<void>((resolve) =>
        relay.close(() => {
          resolve();
        }),
      );
    });

    it('sends many commands without waiting when PIPELINING is announced, and matches every answer', async () => {
      const session = await open(
        settingsFor(server, 'alice', {
          port: relayPort,
          security: 'none',
          authMethod: 'user',
        }),
      );
      try {
        assert.equal(session.pipelining, true);
        assert.equal(session.capabilities.pipelining, true);
        const numbers = [1, 2, 3, 4, 5, 6];
        const [uids, messages, tops, stat] = await Promise.all([
          session.uidl(),
          Promise.all(numbers.map((n) => session.retrieve(n))),
          Promise.all(numbers.map((n) => session.top(n, 0))),
          session.stat(),
        ]);
        assert.equal(uids.size, 6);
        assert.equal(stat.messageCount, 6);
        messages.forEach((message, index) => {
          assert.deepEqual(message, onTheWire(HOSTILE_MESSAGES[index]!), `message ${index + 1}`);
          const top = tops[index]!.toString('latin1');
          assert.ok(message.toString('latin1').startsWith(top), `TOP ${index + 1} is the header of RETR ${index + 1}`);
        });
        assert.ok(
          retrBeforeFirstAnswer !== null && retrBeforeFirstAnswer > 1,
          `RETR commands on the wire before the first answer: ${retrBeforeFirstAnswer}`,
        );
      } finally {
        await session.close();
      }
    });
  });
});
