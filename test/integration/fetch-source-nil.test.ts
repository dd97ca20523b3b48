// A server that answers BODY[] NIL: Dovecot does for a message another session expunged
// while the FETCH ran (seen in CI). imapflow hands that over as `false`, which SQLite took
// as an integer and refused, failing the whole batch of bodies it came in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { fetchSource } from '../../electron/imap/fetch-source.ts';
import { fetchSources } from '../../electron/imap/fetch-sources.ts';
import { openStore } from '../../electron/store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../../electron/store/test-fixtures.ts';
import { startScriptedServer, type ScriptedServer } from '../servers/scripted-server.ts';

const answers: Record<string, string> = {
  '5': '* 1 FETCH (UID 5 BODY[] NIL)\r\n',
  '6': '* 2 FETCH (UID 6 BODY[] {17}\r\nSubject: kept\r\n\r\n)\r\n',
};

// The UIDs of a UID FETCH's set ("5", "5:6", "5,7").
function uidsOf(line: string): number[] {
  const set = /FETCH (\S+)/i.exec(line)?.[1] ?? '';
  return set.split(',').flatMap((part) => {
    const [low, high = low] = part.split(':').map(Number);
    return low === undefined || high === undefined ? [] : Array.from({ length: high - low + 1 }, (_, index) => low + index);
  });
}

describe('a FETCH answered with BODY[] NIL', () => {
  let server: ScriptedServer;
  let client: ImapFlow;

  before(async () => {
    server = await startScriptedServer({
      greeting: '* OK [CAPABILITY IMAP4rev1] ready\r\n',
      onLine(line, connection) {
        const [tag, first, second] = line.split(' ');
        const verb = (first?.toUpperCase() === 'UID' ? second : first)?.toUpperCase();
        if (verb === 'FETCH') connection.write(`${uidsOf(line).map((uid) => answers[String(uid)] ?? '').join('')}${tag} OK done\r\n`);
        else if (verb === 'EXAMINE' || verb === 'SELECT')
          connection.write(`* 2 EXISTS\r\n* OK [UIDVALIDITY 1] v\r\n* OK [UIDNEXT 7] n\r\n${tag} OK [READ-ONLY] done\r\n`);
        else if (verb === 'LOGOUT') {
          connection.write(`* BYE bye\r\n${tag} OK bye\r\n`);
          connection.drop();
        } else connection.write(`${tag} OK done\r\n`);
      },
    });
    client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: 'alice', pass: 'secret' }, logger: false });
    await client.connect();
  });

  after(async () => {
    await client.logout().catch(() => undefined);
    await server.stop();
  });

  it('leaves that message out of a batch, and the rest of the batch is stored', async () => {
    const fetched = await fetchSources(client, 'INBOX', [5, 6], null);
    assert.deepEqual(
      fetched.map((entry) => entry.uid),
      [6],
    );
    const dir = makeTempDir();
    const store = openStore(dir.path);
    try {
      const account = await store.accounts.insert(sampleAccount());
      const { folders } = await store.folders.replaceFromServer(account.id, [
        { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true, messages: 0, unseen: 0 },
      ]);
      const folder = folders[0];
      assert.ok(folder);
      await store.messages.upsertHeaders(folder.id, [sampleHeader(6)]);
      const message = (await store.messages.listPage(folder.id, 0, 1))?.items[0];
      assert.ok(message);
      const stored = await store.sources.storeFullBatch(fetched.map((entry) => ({ messageId: message.id, source: entry.source })));
      assert.equal(stored, 1);
      assert.equal((await store.sources.get(message.id))?.toString(), 'Subject: kept\r\n\r\n');
    } finally {
      store.close();
      dir.remove();
    }
  });

  it('opens nothing for a single message answered so', async () => {
    assert.equal(await fetchSource(client, 'INBOX', 5, null), null);
    assert.equal((await fetchSource(client, 'INBOX', 6, null))?.toString(), 'Subject: kept\r\n\r\n');
  });
});
