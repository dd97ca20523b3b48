import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { startDovecot, dovecotSkipReason, type DovecotServer } from '../servers/dovecot.ts';
import { freePorts } from '../servers/free-port.ts';
import { imapSettings } from '../servers/imap-settings.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import type { ImapConnectionSettings, OpenImapSession } from '../../electron/imap/imap-types.ts';
import { LetterboxError, type ErrorCode } from '../../shared/errors.ts';

// Sync receives the opener through this contract type; assigning it checks that it conforms.
const open: OpenImapSession = openImapSession;

async function loginError(settings: ImapConnectionSettings): Promise<LetterboxError> {
  try {
    const session = await open(settings);
    await session.close();
  } catch (error) {
    assert.ok(error instanceof LetterboxError, `expected a LetterboxError, got ${String(error)}`);
    assert.doesNotMatch(error.message, new RegExp(settings.password), 'the password never appears in an error message');
    return error;
  }
  assert.fail(`logging in to ${settings.host}:${settings.port} (${settings.security}) should have failed`);
}

async function assertLoginFails(settings: ImapConnectionSettings, code: ErrorCode, says: RegExp): Promise<void> {
  const error = await loginError(settings);
  assert.equal(error.code, code, `code for: ${error.message}`);
  assert.match(error.message, says);
}

// Dovecot writes the login line from its log process, a moment after the client is in.
async function loginLine(server: DovecotServer, session: string): Promise<string> {
  const until = Date.now() + 3000;
  for (;;) {
    const lines = readFileSync(join(server.dir, 'dovecot.log'), 'utf8').split('\n');
    const line = lines.find((entry) => entry.includes('Login: user=<bob>') && entry.includes(`session=<${session}>`));
    if (line !== undefined) return line;
    if (Date.now() > until) throw new Error(`No login line for session ${session}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('logging in to IMAP, and each way it can fail', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let silent: Server;
  let silentPort: number;
  const silentSockets = new Set<Socket>();

  before(async () => {
    server = await startDovecot();
    // Accepts connections and never says a word: a server that hangs before its greeting.
    silent = createServer((socket) => {
      silentSockets.add(socket);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === 'object');
    silentPort = address.port;
  });

  after(async () => {
    for (const socket of silentSockets) socket.destroy();
    await new Promise<void>((resolve) =>
      silent.close(() => {
        resolve();
      }),
    );
    await server.stop();
  });

  it('opens a session over implicit TLS when the test CA is trusted', async () => {
    const session = await openImapSession(imapSettings(server, 'alice'));
    try {
      assert.ok(session.capabilities.includes('IMAP4rev1'), session.capabilities.join(' '));
      assert.ok(session.capabilities.includes('CONDSTORE'));
      assert.ok((await session.listFolders()).some((folder) => folder.path === 'INBOX'));
    } finally {
      await session.close();
    }
  });

  it('upgrades the plain port with STARTTLS before sending the password', async () => {
    const session = await openImapSession(
      imapSettings(server, 'bob', {
        port: server.imapPort,
        security: 'starttls',
      }),
    );
    await session.close();
    const log = readFileSync(join(server.dir, 'dovecot.log'), 'utf8');
    const sessions = [...log.matchAll(/Login: user=<bob>.*session=<([^>]+)>/g)].map((match) => match[1] ?? '');
    assert.equal(sessions.length, 1);
    assert.match(await loginLine(server, sessions[0] ?? ''), /, TLS, /);
  });

  it('stays in clear text on the plain port when security is none', async () => {
    const session = await openImapSession(
      imapSettings(server, 'bob', {
        port: server.imapPort,
        security: 'none',
      }),
    );
    await session.close();
    const until = Date.now() + 3000;
    let lines: string[] = [];
    while (lines.length < 2 && Date.now() < until) {
      lines = readFileSync(join(server.dir, 'dovecot.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('Login: user=<bob>'));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(lines.length, 2);
    assert.doesNotMatch(lines[1] ?? '', /TLS/);
  });

  it('reports a wrong password as auth-failed, naming the user and not the password', async () => {
    await assertLoginFails(imapSettings(server, 'alice', { password: 'not-the-password-42' }), 'auth-failed', /"alice"/);
  });

  it('reports an unknown user the same way as a wrong password', async () => {
    await assertLoginFails(imapSettings(server, 'alice', { username: 'mallory' }), 'auth-failed', /"mallory"/);
  });

  it('reports a server name that does not resolve as host-not-found', async () => {
    await assertLoginFails(
      imapSettings(server, 'alice', { host: 'nonexistent.invalid' }),
      'host-not-found',
      /"nonexistent\.invalid" could not be found/,
    );
  });

  it('reports a closed port as connection-refused', async () => {
    const [closedPort] = await freePorts(1);
    assert.ok(closedPort !== undefined);
    await assertLoginFails(imapSettings(server, 'alice', { port: closedPort }), 'connection-refused', new RegExp(`port ${closedPort}`));
  });

  it('reports TLS spoken to the plain port as tls-failed', async () => {
    await assertLoginFails(
      imapSettings(server, 'alice', {
        port: server.imapPort,
        security: 'tls',
      }),
      'tls-failed',
      /security setting/,
    );
  });

  it('refuses the self-signed certificate over TLS when its CA is not trusted', async () => {
    await assertLoginFails(imapSettings(server, 'alice', { trustedCertificates: [] }), 'tls-untrusted', /not trusted: it is self-signed/);
  });

  it('refuses the self-signed certificate during STARTTLS when its CA is not trusted', async () => {
    await assertLoginFails(
      imapSettings(server, 'alice', {
        port: server.imapPort,
        security: 'starttls',
        trustedCertificates: [],
      }),
      'tls-untrusted',
      /not trusted: it is self-signed/,
    );
  });

  it('accepts the certificate under its DNS name localhost as well as its IP address', async () => {
    const session = await openImapSession(imapSettings(server, 'alice', { host: 'localhost' }));
    await session.close();
  });

  it('gives up with timeout when the server never greets', async () => {
    const started = Date.now();
    await assertLoginFails(
      imapSettings(server, 'alice', {
        port: silentPort,
        security: 'none',
        timeoutMs: 400,
      }),
      'timeout',
      /did not answer in time/,
    );
    assert.ok(Date.now() - started < 5000, 'the timeout applies to the greeting');
  });
});
