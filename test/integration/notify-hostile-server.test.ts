// What no real server sends on purpose, against the NOTIFY connection: a literal announced far
// past the caps, a malformed STATUS while idling. The connection is refused or dropped with a
// message that names the server, never the password, and nothing large is held.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { openNotifyConnection } from '../../electron/imap/notify-connection.ts';
import { startScriptedServer, type ScriptedServer } from '../servers/scripted-server.ts';

const PASSWORD = 'hunter2-notify-secret';

// Logs anyone in and answers NOTIFY with `onNotify`'s bytes; IDLE is accepted.
async function hostileServer(onNotify: (tag: string) => string): Promise<ScriptedServer> {
  return startScriptedServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE NOTIFY] hostile\r\n',
    onLine(line, connection) {
      const [tag = '', verb = ''] = line.split(' ');
      switch (verb.toUpperCase()) {
        case 'AUTHENTICATE':
          connection.write(`${tag} OK [CAPABILITY IMAP4rev1 IDLE NOTIFY] in\r\n`);
          break;
        case 'NOTIFY':
          connection.write(onNotify(tag));
          break;
        case 'IDLE':
          connection.write('+ idling\r\n* STATUS Lists (MESSAGES one)\r\n');
          break;
        default:
          connection.write(`${tag} OK\r\n`);
      }
    },
  });
}

function settingsFor(server: ScriptedServer): Parameters<typeof openNotifyConnection>[0] {
  return { host: server.host, port: server.port, security: 'none', username: 'alice', password: PASSWORD, timeoutMs: 5000 };
}

describe('NOTIFY connection against a hostile server', () => {
  const servers: ScriptedServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('refuses a literal announced past the cap without reading it, and keeps the password out of the error', async () => {
    const server = await hostileServer((tag) => `* STATUS {4000000000}\r\n${tag} OK\r\n`);
    servers.push(server);
    await assert.rejects(openNotifyConnection(settingsFor(server), { onNotice: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof LetterboxError);
      assert.equal(error.code, 'server-error');
      assert.match(error.message, /a literal larger than 65536 bytes/);
      assert.ok(!error.message.includes(PASSWORD));
      return true;
    });
  });

  it('drops the connection on a malformed STATUS while idling, and says so through done', async () => {
    const server = await hostileServer((tag) => `* STATUS INBOX (MESSAGES 1)\r\n${tag} OK\r\n`);
    servers.push(server);
    const notices: string[] = [];
    const session = await openNotifyConnection(settingsFor(server), { onNotice: (notice) => notices.push(notice.kind) });
    assert.ok(session);
    await assert.rejects(session.done, (error: unknown) => {
      assert.ok(error instanceof LetterboxError);
      assert.equal(error.code, 'server-error');
      assert.match(error.message, /malformed/);
      assert.ok(!error.message.includes(PASSWORD));
      return true;
    });
    assert.deepEqual(notices, ['status', 'snapshot']);
    await session.close();
  });
});
