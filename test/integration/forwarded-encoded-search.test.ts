// Issue 9, forwarded mail: a message forwarded as a message/rfc822 part in base64 or
// quoted-printable (RFC 2046 forbids it; clients and re-encoding gateways send it) is
// found by a word only it holds, through the real path: APPENDed to Dovecot, its headers
// synced, its body downloaded by the offline policy's background download and indexed by
// a body text thread (attached-messages.ts decodes the part, bounded).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemorySecretStore } from '../../bench/support/memory-secret-store.ts';
import { parseQuery } from '../../shared/search/parse-query.ts';
import { openImapSession } from '../../electron/imap/open-imap-session.ts';
import { openStore, type Store } from '../../electron/store/store.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { connectionSettingsFor } from '../../electron/sync/account-connection.ts';
import { downloadBodies } from '../../electron/sync/download-bodies.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { forwardingMessage, type ForwardEncoding } from '../servers/forwarded-mail.ts';
import { appendMessages } from '../servers/seed.ts';
import { insertImapAccount, syncAccountOnce } from '../servers/store-account.ts';

const forwards: readonly { readonly word: string; readonly encoding: ForwardEncoding }[] = [
  { word: 'Axolotl', encoding: 'base64' },
  { word: 'Pangolin', encoding: 'quoted-printable' },
  { word: 'Quokka', encoding: '8bit' },
];

describe('forwarded messages in base64 or quoted-printable are found by search', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let store: Store;
  const secretStore = createMemorySecretStore();

  before(async () => {
    const messages = forwards.map(({ word, encoding }) => ({ raw: forwardingMessage({ word, encoding, subject: `Fwd: ${encoding}` }) }));
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', messages);
    dataDir = makeTempDir();
    store = openStore(dataDir.path);
    const account = await insertImapAccount(store, secretStore, server, 'alice');
    await syncAccountOnce(store, secretStore, server, account.id);
    await store.offlinePolicy.set(account.id, { mode: 'all', days: 30 });
    const session = await openImapSession(await connectionSettingsFor(store, secretStore, account.id, [server.caCertificate]));
    try {
      const context = { store, emit: () => undefined, reportStatus: () => undefined, isCancelled: () => false, shouldYield: () => false };
      assert.deepEqual(await downloadBodies(context, session, account.id), { downloaded: forwards.length, finished: true });
    } finally {
      await session.close();
    }
  });

  after(async () => {
    store.close();
    dataDir.remove();
    await server.stop();
  });

  async function subjects(query: string): Promise<readonly string[]> {
    const parsed = parseQuery(query);
    if (!parsed.ok || parsed.query === null) assert.fail(`query ${query} did not parse`);
    const page = await store.search.search({ query: parsed.query, sort: 'date', offset: 0, limit: 10, serverHits: [] });
    return page.items.map((item) => item.subject);
  }

  for (const { word, encoding } of forwards) {
    it(`finds the ${encoding} forwarded message by its body, subject and sender`, async () => {
      assert.deepEqual(await subjects(`${word}Body`), [`Fwd: ${encoding}`], 'a word of its body');
      assert.deepEqual(await subjects(`${word}Subject`), [`Fwd: ${encoding}`], 'a word of its subject');
      assert.deepEqual(await subjects(`${word.toLowerCase()}@example.org`), [`Fwd: ${encoding}`], 'its sender, as a word of the text');
      assert.deepEqual([...(await subjects('café'))].sort(), forwards.map((forward) => `Fwd: ${forward.encoding}`).sort(), 'decoded as UTF-8');
    });
  }
});
