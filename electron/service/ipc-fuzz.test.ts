// Every channel of shared/contract.ts, through the real Electron IPC binding to the real
// service over a real store: (a) a valid request from every kind of foreign sender frame,
// (b) hostile arguments from the app's own frame (wrong types, 100 MB strings, NaN, negative
// and fractional numbers, extra keys, own __proto__ and constructor.prototype keys, at every
// field). Each is refused with a clear error, the service is never reached by a foreign
// sender, and the store's every row, the data directory's files and Object.prototype are the
// same afterwards.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { channelNames, contract } from '../../shared/contract.ts';
import type { Result } from '../../shared/errors.ts';
import { bindServiceToIpc } from '../electron-ipc.ts';
import { createFileSecretStore } from '../secrets/file-secret-store.ts';
import { databaseFileName } from '../store/open-database.ts';
import { openStore } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { createService } from './create-service.ts';
import type { Service } from './service-types.ts';
import { hostilePayloads, validSample, type NamedValues } from './test-contract-samples.ts';

const appPage = 'file:///opt/Letterbox/dist/renderer/index.html';

type SenderFrame = { readonly url: string; readonly parent: object | null } | null;
type IpcHandler = (event: { readonly senderFrame: SenderFrame }, channel: unknown, args: unknown) => Promise<Result<unknown>>;

const foreignSenders: readonly (readonly [string, SenderFrame])[] = [
  ['the message frame (about:srcdoc)', { url: 'about:srcdoc', parent: {} }],
  ['a subframe showing the app page', { url: appPage, parent: {} }],
  ['a top frame navigated to a web page', { url: 'https://evil.example/', parent: null }],
  ['a top frame on another local file', { url: 'file:///tmp/evil.html', parent: null }],
  ['a top frame on a data: URL', { url: 'data:text/html,<script>x</script>', parent: null }],
  ['a top frame on the app page with a query', { url: `${appPage}?x=1`, parent: null }],
  ['a destroyed frame', null],
];

function folderListing(path: string, role: 'inbox' | 'trash' | null) {
  return { path, name: path === 'INBOX' ? 'Inbox' : path, delimiter: '/', parentPath: null, role, subscribed: true, selectable: true, messages: 0, unseen: 0 };
}

// Every row of every table, and every file's bytes, of the data directory.
function snapshot(dataDir: string): string {
  const database = new DatabaseSync(join(dataDir, databaseFileName), { readOnly: true });
  const parts: string[] = [];
  try {
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      const rows = database.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
      parts.push(`${name}: ${rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value))).sort().join('\n')}`);
    }
  } finally {
    database.close();
  }
  function files(directory: string): string[] {
    return readdirSync(directory).sort().flatMap((entry) => {
      const full = join(directory, entry);
      if (statSync(full).isDirectory()) return files(full);
      // The database is compared row by row above; its WAL pages and index move as SQLite likes.
      if (entry.startsWith(databaseFileName)) return [entry];
      return [`${full.slice(dataDir.length)} ${readFileSync(full).toString('base64')}`];
    });
  }
  parts.push(...files(dataDir));
  return parts.join('\n');
}

describe('IPC fuzz: every channel refuses foreign senders and hostile arguments, with no side effect', () => {
  const dir = makeTempDir('letterbox-ipc-fuzz-');
  let service: Service;
  let handler: IpcHandler;
  let reached: string[];
  let named: NamedValues;

  before(async () => {
    // Rows every destructive channel could hit, made before the service starts; working
    // offline, so nothing reaches a network.
    const store = openStore(dir.path);
    const account = await store.accounts.insert(sampleAccount({ incoming: { host: '127.0.0.1', port: 9, security: 'tls', username: 'alice' } }));
    const { folders } = await store.folders.replaceFromServer(account.id, [folderListing('INBOX', 'inbox'), folderListing('Trash', 'trash')]);
    const inbox = folders.find((folder) => folder.path === 'INBOX')?.id ?? '';
    const trash = folders.find((folder) => folder.path === 'Trash')?.id ?? '';
    await store.messages.upsertHeaders(inbox, [sampleHeader(1), sampleHeader(2)]);
    const messages = (await store.messages.listPage(inbox, 0, 10))?.items ?? [];
    await store.sync.setWorkOffline(true);
    store.close();
    await createFileSecretStore(dir.path).set('account-secret-1', 'fuzz-password');
    const messageId = messages[0]?.id ?? '';
    named = { accountId: account.id, folderId: inbox, targetFolderId: trash, parentFolderId: inbox, messageId, messageIds: messageId };

    service = createService({ dataDir: dir.path, secretStore: createFileSecretStore(dir.path), openExternal: () => Promise.resolve(true), logError: () => undefined });
    reached = [];
    const spied: Service = {
      ...service,
      dispatch(channel, args) {
        reached.push(String(channel));
        return service.dispatch(channel, args);
      },
    };
    const handlers = new Map<string, IpcHandler>();
    bindServiceToIpc({ handle: (channel: string, listener: IpcHandler) => handlers.set(channel, listener), removeHandler: () => undefined } as never, spied, appPage);
    const bound = handlers.get('letterbox:invoke');
    assert.ok(bound);
    handler = bound;
    // Let start-up work (migrations, the offline supervisor, queue replays) settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  after(async () => {
    await service.close();
    dir.remove();
  });

  it('refuses a valid request on every channel from every foreign sender frame, before the service sees it', async () => {
    const before = snapshot(dir.path);
    let tried = 0;
    for (const channel of channelNames) {
      const sample = validSample(contract[channel].args, named);
      assert.ok(contract[channel].args.safeParse(sample).success, `${channel}: the sample is a valid request`);
      for (const [name, senderFrame] of foreignSenders) {
        const result = await handler({ senderFrame }, channel, sample);
        assert.ok(!result.ok, `${channel} from ${name}`);
        assert.match(result.error.message, /Only the Letterbox window/, `${channel} from ${name}`);
        tried += 1;
      }
    }
    assert.deepEqual(reached, [], 'no foreign request reached the service');
    assert.equal(snapshot(dir.path), before, 'the store and data directory are unchanged');
    console.log(`ipc foreign senders: ${channelNames.length} channels x ${foreignSenders.length} sender frames = ${tried} requests refused`);
  });

  it('refuses hostile arguments on every channel from the app page with a clear error, changing nothing', { timeout: 600_000 }, async () => {
    const before = snapshot(dir.path);
    let tried = 0;
    const perChannel: number[] = [];
    for (const channel of channelNames) {
      const sample = validSample(contract[channel].args, named);
      const payloads = hostilePayloads(sample);
      perChannel.push(payloads.length);
      for (const { name, payload } of payloads) {
        const result = await handler({ senderFrame: { url: appPage, parent: null } }, channel, payload);
        assert.ok(!result.ok, `${channel} accepted ${name}`);
        assert.equal(result.error.code, 'invalid-argument', `${channel} ${name}: ${result.error.message}`);
        assert.ok(result.error.message.length > 5 && result.error.message.length < 500, `${channel} ${name}: a short message (${result.error.message.length})`);
        assert.doesNotMatch(result.error.message, /x{100}/, 'the huge string is not echoed back');
        assert.equal(({} as Record<string, unknown>).polluted, undefined, `${channel} ${name} polluted Object.prototype`);
        assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin'), false);
        tried += 1;
      }
    }
    assert.equal(snapshot(dir.path), before, 'the store and data directory are unchanged');
    assert.ok(reached.length === tried, 'each request from the app page reached dispatch, which refused it');
    console.log(`ipc fuzz: ${channelNames.length} channels x ${Math.min(...perChannel)}-${Math.max(...perChannel)} payloads = ${tried} hostile requests rejected`);
  });

  it('sees a change when a valid request from the app page does make one (the comparison can fail)', async () => {
    const before = snapshot(dir.path);
    const result = await handler({ senderFrame: { url: appPage, parent: null } }, 'removeAccount', { accountId: named.accountId });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.notEqual(snapshot(dir.path), before);
  });

  it('refuses an unknown channel and a channel name that is not a string', async () => {
    for (const channel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'letterbox:invoke', '', 42, null, { toString: () => 'listAccounts' }]) {
      const result = await handler({ senderFrame: { url: appPage, parent: null } }, channel, {});
      assert.equal(result.ok ? 'ok' : result.error.code, 'unknown-channel', String(channel));
    }
  });
});
