// Every network step has a deadline that a trickling server cannot stretch: a server that
// sends one byte per interval (scaled down here from "one byte a minute") fails within the
// step's deadline for IMAP, POP3 and SMTP, and 100 such rounds leave no file descriptor open.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { stepDeadlines } from '../../electron/net/progress-deadline.ts';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import { sendRaw } from '../../electron/smtp/send-raw.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { hostileCounter } from '../servers/hostile-count.ts';
import { startScriptedServer, type ScriptedConnection, type ScriptedServer } from '../servers/scripted-server.ts';

const tried = hostileCounter('hostile trickling servers');
// A step gets 300 ms unless 64 bytes arrive in each 300 ms window; the server sends one byte
// every 20 ms (15 a window), and its inactivity timers (10 s) never fire.
const DEADLINES = stepDeadlines(300, 64);
const TRICKLE_MS = 20;
const LONG = 'x'.repeat(4000);

async function timedOut(work: Promise<unknown>): Promise<LetterboxError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    return error;
  }
  assert.fail('the trickling server should have been given up on');
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (condition()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// An SMTP server that trickles its greeting.
function smtpServer(): Promise<ScriptedServer> {
  return startScriptedServer({
    greeting: (connection) => {
      connection.trickle(`220 ${LONG}\r\n`, TRICKLE_MS);
    },
    onLine: () => undefined,
  });
}

function sendTo(server: ScriptedServer) {
  return sendRaw(
    { host: server.host, port: server.port, security: 'none', username: 'alice', password: 'pw', timeoutMs: 300 },
    { from: 'alice@example.org', to: ['bob@example.org'] },
    Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
  );
}

function imapServer(trickle: 'greeting' | 'list'): Promise<ScriptedServer> {
  return startScriptedServer({
    greeting: (connection) => {
      if (trickle === 'greeting') connection.trickle(`* OK ${LONG}\r\n`, TRICKLE_MS);
      else connection.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
    },
    onLine(line, connection: ScriptedConnection) {
      const [tag = '*', verb = ''] = line.split(' ');
      // imapflow's own LIST "" "" at connect is answered; listing every folder trickles.
      if (/^LIST$/i.test(verb) && line.includes('*'))
        connection.trickle(`* LIST () "/" "${LONG}"\r\n${tag} OK done\r\n`, TRICKLE_MS);
      else if (/^CAPABILITY$/i.test(verb)) connection.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
      else if (/^LOGOUT$/i.test(verb)) connection.write(`* BYE\r\n${tag} OK bye\r\n`);
      else connection.write(`${tag} OK done\r\n`);
    },
  });
}

function imapSettings(server: ScriptedServer) {
  return {
    host: server.host,
    port: server.port,
    security: 'none' as const,
    username: 'alice',
    password: 'pw',
    timeoutMs: 10_000,
    deadlines: DEADLINES,
  };
}

function pop3Server(trickle: 'greeting' | 'stat'): Promise<ScriptedServer> {
  return startScriptedServer({
    greeting: (connection) => {
      if (trickle === 'greeting') connection.trickle(`+OK ${LONG}\r\n`, TRICKLE_MS);
      else connection.write('+OK ready\r\n');
    },
    onLine(line, connection) {
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      if (verb === 'CAPA') connection.write('+OK\r\nUSER\r\n.\r\n');
      else if (verb === 'STAT') connection.trickle(`+OK 1 42 ${LONG}\r\n`, TRICKLE_MS);
      else connection.write('+OK\r\n');
    },
  });
}

function pop3Settings(server: ScriptedServer) {
  return {
    host: server.host,
    port: server.port,
    security: 'none' as const,
    username: 'carol',
    password: 'pw',
    authMethod: 'user' as const,
    timeoutMs: 10_000,
    deadlines: DEADLINES,
  };
}

describe('a server that trickles one byte at a time', () => {
  it('IMAP: gives up on a trickled greeting within the connect deadline', async () => {
    tried();
    const server = await imapServer('greeting');
    try {
      const error = await timedOut(openImapSession(imapSettings(server)));
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /did not answer in time while connecting and signing in/);
    } finally {
      await server.stop();
    }
  });

  it('IMAP: gives up on a trickled answer to one command, naming it', async () => {
    tried();
    const server = await imapServer('list');
    try {
      const session = await openImapSession(imapSettings(server));
      const error = await timedOut(session.listFolders());
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /did not answer in time while listing folders/);
      await session.close();
    } finally {
      await server.stop();
    }
  });

  it('POP3: gives up on a trickled greeting and on a trickled STAT', async () => {
    tried();
    tried();
    const greeting = await pop3Server('greeting');
    try {
      const error = await timedOut(openPop3Session(pop3Settings(greeting)));
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /greeting/);
    } finally {
      await greeting.stop();
    }
    const stat = await pop3Server('stat');
    try {
      const session = await openPop3Session(pop3Settings(stat));
      const error = await timedOut(session.stat());
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /STAT/);
      await session.close();
    } finally {
      await stat.stop();
    }
  });

  it('SMTP: gives up on a trickled greeting', async () => {
    tried();
    const server = await smtpServer();
    try {
      const error = await timedOut(sendTo(server));
      assert.equal(error.code, 'timeout');
    } finally {
      await server.stop();
    }
  });

  it('keeps no file descriptor open after 100 rounds of trickling IMAP, POP3 and SMTP servers', async () => {
    const imap = await imapServer('greeting');
    const pop3 = await pop3Server('greeting');
    const smtp = await smtpServer();
    const servers = [imap, pop3, smtp];
    const attempts = [() => openImapSession(imapSettings(imap)), () => openPop3Session(pop3Settings(pop3)), () => sendTo(smtp)];
    const allClosed = () => servers.every((server) => server.open() === 0);
    try {
      // One round first, so that lazily opened descriptors (DNS, timers) are counted in the baseline.
      for (const attempt of attempts) await timedOut(attempt());
      await until(allClosed, 'the first round to close');
      const before = openFds();
      const rounds = 100;
      for (let start = 0; start < rounds; start += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, index) => timedOut((attempts[(start + index) % attempts.length] ?? attempts[0]!)())));
        for (let index = 0; index < 10; index += 1) tried();
      }
      await until(allClosed, 'every trickled connection to be closed by the client');
      await until(() => openFds() <= before, `the descriptors to return to ${before} (now ${openFds()})`);
      console.log(`file descriptors: ${before} before ${rounds} rounds (IMAP, POP3 and SMTP in turn), ${openFds()} after`);
    } finally {
      for (const server of servers) await server.stop();
    }
  });
});
