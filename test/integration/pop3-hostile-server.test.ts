// What Dovecot never sends: RFC 2449/3206 response codes on demand, stalls, drops mid-body,
// a server without PIPELINING, and data injected after STLS. A scripted server plays them.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePop3Server, type FakePop3Client, type FakePop3Server } from '../servers/fake-pop3-server.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { OpenPop3Session, Pop3ConnectionSettings } from '../../electron/pop3/pop3-types.ts';
import { LetterboxError } from '../../shared/errors.ts';

// Sync receives the opener through this contract type; assigning it checks that it conforms.
const open: OpenPop3Session = openPop3Session;

const PASSWORD = 'fake-secret-pass';
const MESSAGE = 'From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n';

type Answers = Readonly<Record<string, string | ((client: FakePop3Client) => void)>>;

// A server that logs anyone in and answers by command verb; `answers` overrides per verb.
function scripted(capabilities: readonly string[], answers: Answers = {}): Parameters<typeof startFakePop3Server>[0] {
  const defaults: Answers = {
    CAPA: `+OK\r\n${capabilities.map((line) => `${line}\r\n`).join('')}.\r\n`,
    USER: '+OK\r\n',
    PASS: '+OK logged in\r\n',
    STAT: '+OK 1 42\r\n',
    RETR: `+OK\r\n${MESSAGE}.\r\n`,
    NOOP: '+OK\r\n',
    QUIT: '+OK bye\r\n',
  };
  return {
    greeting: '+OK fake POP3 ready',
    onLine(line, client) {
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      const answer = answers[verb] ?? defaults[verb] ?? '-ERR unknown command\r\n';
      if (typeof answer === 'string') client.write(answer);
      else answer(client);
    },
  };
}

function settings(server: FakePop3Server, overrides: Partial<Pop3ConnectionSettings> = {}): Pop3ConnectionSettings {
  return {
    host: server.host,
    port: server.port,
    security: 'none',
    username: 'carol',
    password: PASSWORD,
    authMethod: 'user',
    timeoutMs: 2000,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<LetterboxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    assert.doesNotMatch(error.message, new RegExp(PASSWORD), 'the password never appears in an error message');
    return error;
  }
  assert.fail('the call should have failed');
}

describe('a POP3 server that answers with extended response codes', () => {
  let server: FakePop3Server;
  afterEach(async () => {
    await server.stop();
  });

  it('reports a mailbox in use by another session for -ERR [IN-USE]', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'RESP-CODES'], {
        PASS: '-ERR [IN-USE] Do you have another POP session running?\r\n',
      }),
    );
    const error = await rejection(open(settings(server)));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /mailbox of "carol" on 127\.0\.0\.1 is in use by another program/);
  });

  it('reports the announced LOGIN-DELAY for -ERR [LOGIN-DELAY]', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'RESP-CODES', 'LOGIN-DELAY 600'], {
        PASS: '-ERR [LOGIN-DELAY] too soon\r\n',
      }),
    );
    const error = await rejection(open(settings(server)));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /check mail only once every 10 minutes/);
  });

  it('reports a temporary problem for -ERR [SYS/TEMP] and keeps the session usable', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'RESP-CODES'], {
        RETR: '-ERR [SYS/TEMP] storage is busy\r\n',
      }),
    );
    const session = await open(settings(server));
    try {
      const error = await rejection(session.retrieve(1));
      assert.equal(error.code, 'server-error');
      assert.match(error.message, /temporary problem \(it said: "storage is busy"\)\. Try again later/);
      assert.deepEqual(await session.stat(), {
        messageCount: 1,
        sizeOctets: 42,
      });
    } finally {
      await session.close();
    }
  });

  it('reports a lasting account problem for -ERR [SYS/PERM] at login', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'RESP-CODES'], {
        PASS: '-ERR [SYS/PERM] account locked\r\n',
      }),
    );
    const error = await rejection(open(settings(server)));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /lasting problem with this account \(it said: "account locked"\)\. Contact your mail provider/);
  });

  it('reports wrong credentials for -ERR [AUTH]', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'AUTH-RESP-CODE'], {
        PASS: '-ERR [AUTH] bad credentials\r\n',
      }),
    );
    const error = await rejection(open(settings(server)));
    assert.equal(error.code, 'auth-failed');
  });
});

describe('a POP3 server that stalls, drops or breaks the protocol', () => {
  let server: FakePop3Server;
  afterEach(async () => {
    await server.stop();
  });

  it('gives up with a timeout when the server never greets', async () => {
    server = await startFakePop3Server({
      greeting: null,
      onLine: () => undefined,
    });
    const started = Date.now();
    const error = await rejection(open(settings(server, { timeoutMs: 300 })));
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /waiting for the greeting/);
    assert.ok(Date.now() - started < 1500, 'the timeout applies to the greeting');
  });

  it('gives up with a timeout when a command gets no answer, and fails later commands too', async () => {
    server = await startFakePop3Server(scripted(['USER'], { RETR: () => undefined }));
    const session = await open(settings(server, { timeoutMs: 300 }));
    const error = await rejection(session.retrieve(1));
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /the RETR command/);
    assert.equal((await rejection(session.noop())).code, 'network');
    await session.close();
  });

  it('rejects every pending command with a network error when the connection drops mid-message', async () => {
    server = await startFakePop3Server(
      scripted(['USER', 'PIPELINING'], {
        RETR: (client) => {
          client.write('+OK\r\nFrom: a@example.org\r\nSubject: cut');
          setTimeout(() => {
            client.drop();
          }, 20);
        },
      }),
    );
    const session = await open(settings(server));
    const results = await Promise.allSettled([session.retrieve(1), session.retrieve(2), session.stat()]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok(result.reason instanceof LetterboxError);
      assert.equal(result.reason.code, 'network');
      assert.match(result.reason.message, /connection to 127\.0\.0\.1:\d+ was lost/);
    }
    await session.close();
  });

  it('waits for each answer before the next command when PIPELINING is not announced', async () => {
    let outstanding = 0;
    let mostOutstanding = 0;
    const answerLater = (text: string) => (client: FakePop3Client) => {
      setTimeout(() => {
        outstanding -= 1;
        client.write(text);
      }, 15);
    };
    const base = scripted(['USER', 'UIDL'], {
      RETR: answerLater(`+OK\r\n${MESSAGE}.\r\n`),
      DELE: answerLater('+OK deleted\r\n'),
    });
    server = await startFakePop3Server({
      greeting: base.greeting,
      onLine(line, client) {
        outstanding += 1;
        mostOutstanding = Math.max(mostOutstanding, outstanding);
        if (!/^(RETR|DELE)/.test(line)) outstanding -= 1;
        base.onLine(line, client);
      },
    });
    const session = await open(settings(server));
    assert.equal(session.pipelining, false);
    const messages = await Promise.all([1, 2, 3].map((n) => session.retrieve(n)));
    await Promise.all([1, 2, 3].map((n) => session.delete(n)));
    assert.equal(mostOutstanding, 1, 'never more than one command awaiting its answer');
    for (const message of messages) assert.equal(message.toString('latin1'), MESSAGE);
    await session.close();
  });

  it('refuses plaintext sent after +OK to STLS instead of taking it as a protected answer', async () => {
    server = await startFakePop3Server(
      scripted(['STLS', 'USER'], {
        STLS: '+OK begin TLS\r\n+OK logged in\r\n',
      }),
    );
    const error = await rejection(open(settings(server, { security: 'starttls' })));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /data that answers no command/);
    assert.ok(!server.received.some((line) => line.startsWith('PASS')), 'the password was never sent');
  });

  it('never sends the password in clear when STLS is asked for but not offered', async () => {
    server = await startFakePop3Server(scripted(['USER', 'SASL PLAIN']));
    const error = await rejection(open(settings(server, { security: 'starttls' })));
    assert.equal(error.code, 'tls-failed');
    assert.match(error.message, /does not offer STLS/);
    assert.deepEqual(server.received, ['CAPA']);
  });

  it('reports a server that speaks something other than POP3', async () => {
    server = await startFakePop3Server({
      greeting: '* OK IMAP4rev1 ready',
      onLine: () => undefined,
    });
    const error = await rejection(open(settings(server)));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /could not understand \(not a POP3 status line/);
  });

  it('bounds a response line that never ends', async () => {
    server = await startFakePop3Server(
      scripted(['USER'], {
        STAT: (client) => {
          client.write(`+OK ${'9'.repeat(20_000)}`);
        },
      }),
    );
    const session = await open(settings(server));
    const error = await rejection(session.stat());
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /exceeded \d+ bytes/);
    await session.close();
  });

  it('sends SASL PLAIN with the initial response and cancels an unexpected challenge', async () => {
    server = await startFakePop3Server(scripted(['SASL PLAIN'], { AUTH: '+ \r\n', '*': '-ERR cancelled\r\n' }));
    const error = await rejection(open(settings(server, { authMethod: 'auto' })));
    assert.equal(error.code, 'server-error');
    const [, auth, cancel] = server.received;
    assert.equal(auth, `AUTH PLAIN ${Buffer.from(`\0carol\0${PASSWORD}`).toString('base64')}`);
    assert.equal(cancel, '*');
  });
});
