// Every SMTP step after the greeting has a deadline a trickling server cannot stretch
// (issue 9, item 4): EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and the final reply. The scripted
// server answers honestly up to one step, then sends that step's reply one byte every
// 20 ms (scaled down from "one byte a minute"): nodemailer's inactivity timer (10 s here)
// never fires, so only the step deadline can end the send, and the error names the step.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stepDeadlines } from '../../electron/net/progress-deadline.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { hostileCounter } from '../servers/hostile-count.ts';
import { startScriptedServer, type ScriptedConnection, type ScriptedServer } from '../servers/scripted-server.ts';
import { makeTestCertificates, type TestCertificates } from '../servers/test-certificates.ts';

const tried = hostileCounter('hostile trickling SMTP steps');
// 300 ms a step unless 64 bytes move in each 300 ms window; the trickle gives 15.
const DEADLINES = stepDeadlines(300, 64);
const TRICKLE_MS = 20;
const LONG = 'x'.repeat(4000);

type Step = 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'final';

let dir = '';
let certificates: TestCertificates;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'letterbox-smtp-deadlines-'));
  certificates = makeTestCertificates(join(dir, 'certs'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

// An SMTP server (RFC 5321) that trickles the reply of one step (none: an honest one).
function smtpServer(slow: Step | null, starttls: boolean): Promise<ScriptedServer> {
  let inData = false;
  return startScriptedServer({
    tls: { key: certificates.valid.key, cert: certificates.valid.cert },
    greeting: '220 scripted ESMTP\r\n',
    onLine(line, connection: ScriptedConnection) {
      const reply = (step: Step, text: string): void => {
        if (step === slow) connection.trickle(`${text.slice(0, 4)}${LONG}\r\n`, TRICKLE_MS);
        else connection.write(`${text}\r\n`);
      };
      if (inData) {
        if (line === '.') {
          inData = false;
          reply('final', '250 2.0.0 queued');
        }
        return;
      }
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      switch (verb) {
        case 'EHLO': {
          const extensions = [...(starttls && !connection.secure ? ['STARTTLS'] : []), 'AUTH PLAIN', '8BITMIME'];
          const text = ['250-scripted', ...extensions.slice(0, -1).map((item) => `250-${item}`), `250 ${extensions.at(-1) ?? ''}`].join('\r\n');
          if (slow === 'ehlo') connection.trickle(`250-${LONG}\r\n${text}\r\n`, TRICKLE_MS);
          else connection.write(`${text}\r\n`);
          return;
        }
        case 'STARTTLS':
          if (slow === 'starttls') {
            connection.trickle(`220 ${LONG}\r\n`, TRICKLE_MS);
            return;
          }
          connection.write('220 2.0.0 go ahead\r\n');
          connection.startTls();
          return;
        case 'AUTH':
          reply('auth', '235 2.7.0 accepted');
          return;
        case 'MAIL':
          reply('mail', '250 2.1.0 ok');
          return;
        case 'RCPT':
          reply('rcpt', '250 2.1.5 ok');
          return;
        case 'DATA':
          inData = slow !== 'data';
          reply('data', '354 go on');
          return;
        case 'QUIT':
          connection.write('221 bye\r\n');
          connection.drop();
          return;
        default:
          connection.write('502 5.5.2 not here\r\n');
      }
    },
  });
}

const CASES: readonly { readonly slow: Step; readonly step: RegExp; readonly starttls: boolean }[] = [
  { slow: 'ehlo', step: /connecting and securing the connection/, starttls: false },
  { slow: 'starttls', step: /connecting and securing the connection/, starttls: true },
  { slow: 'auth', step: /signing in/, starttls: true },
  { slow: 'mail', step: /sending the message/, starttls: false },
  { slow: 'rcpt', step: /sending the message/, starttls: false },
  { slow: 'data', step: /sending the message/, starttls: false },
  { slow: 'final', step: /sending the message/, starttls: false },
];

describe('an SMTP server that trickles one byte at a time after the greeting', () => {
  for (const { slow, step, starttls } of CASES) {
    it(`gives up on a trickled ${slow.toUpperCase()} reply within the step deadline`, async () => {
      tried();
      const server = await smtpServer(slow, starttls);
      const started = Date.now();
      try {
        const error = await sendRaw(
          {
            host: server.host,
            port: server.port,
            security: starttls ? 'starttls' : 'none',
            username: 'alice',
            password: 'pw',
            trustedCertificates: [certificates.trustedCa.cert],
            timeoutMs: 10_000,
            deadlines: DEADLINES,
          },
          { from: 'alice@example.org', to: ['bob@example.org'] },
          Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
        ).then(
          () => assert.fail(`the send should have been given up on at ${slow}`),
          (failure: unknown) => failure,
        );
        assert.ok(error instanceof LetterboxError, `a LetterboxError, got ${String(error)}`);
        assert.equal(error.code, 'timeout');
        assert.match(error.message, step);
        assert.match(error.message, /waits in the outbox/);
        // The trickled reply would take 80 s and keeps the inactivity timer from firing: the
        // step named in the message is the step deadline's own report.
        const elapsed = Date.now() - started;
        console.log(`SMTP ${slow}: gave up after ${elapsed} ms (step deadline ${DEADLINES.stepMs} ms)`);
      } finally {
        await server.stop();
      }
    });
  }

  it('still sends a message whose steps answer in time, STARTTLS included', async () => {
    const server = await smtpServer(null, true);
    try {
      const delivery = await sendRaw(
        {
          host: server.host,
          port: server.port,
          security: 'starttls',
          username: 'alice',
          password: 'pw',
          trustedCertificates: [certificates.trustedCa.cert],
          timeoutMs: 10_000,
          deadlines: DEADLINES,
        },
        { from: 'alice@example.org', to: ['bob@example.org'] },
        Buffer.from(`Subject: hi\r\n\r\n${'line of the body\r\n'.repeat(5000)}`),
      );
      assert.deepEqual(delivery.accepted, ['bob@example.org']);
    } finally {
      await server.stop();
    }
  });
});
