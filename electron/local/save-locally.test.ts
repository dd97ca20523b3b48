import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import { openDatabase } from '../store/open-database.ts';
import { storeOver, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { createLocalFolders, type LocalFolders } from './local-folders.ts';
import { createLocalSaves, sha256Hex } from './save-locally.ts';

const SOURCE = Buffer.from('From: bob@example.org\r\nSubject: Keep\r\nMessage-ID: <keep@example.org>\r\n\r\nbody\r\n');

describe('Move to local verifies the copy before the server copy goes', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let local: LocalFolders;
  let messageId: string;
  const expunged: number[][] = [];

  const session = {
    fetchSources: (_path: string, uids: readonly number[]) => Promise.resolve(uids.map((uid) => ({ uid, source: SOURCE }))),
    expungeMessages: (_path: string, _validity: number | null, uids: readonly number[]) => {
      expunged.push([...uids]);
      return Promise.resolve({ missing: [] });
    },
  } as unknown as ImapSession;

  function saves(localFolders: LocalFolders) {
    return createLocalSaves({
      store,
      saves: store.localSaves,
      local: localFolders,
      sessions: { use: (_accountId, work) => work(session, false) },
      emit: () => undefined,
      isOffline: () => Promise.resolve(false),
      logError: (error) => {
        throw error;
      },
    });
  }

  beforeEach(async () => {
    dir = makeTempDir();
    expunged.length = 0;
    store = storeOver(openDatabase(dir.path));
    local = createLocalFolders(store, dir.path);
    const account = await store.accounts.insert(sampleAccount());
    await store.folders.replaceFromServer(account.id, [
      {
        path: 'INBOX',
        name: 'Inbox',
        delimiter: '/',
        parentPath: null,
        role: 'inbox',
        subscribed: true,
        selectable: true,
        messages: 1,
        unseen: 1,
      },
    ]);
    const inbox = (await store.folders.listByAccount(account.id))[0];
    assert.ok(inbox);
    await store.folders.setSyncState(inbox.id, { uidValidity: 7, uidNext: 10, highestModseq: null });
    await store.messages.upsertHeaders(inbox.id, [sampleHeader(9, { size: SOURCE.length })]);
    const page = await store.messages.listPage(inbox.id, 0, 10);
    messageId = page?.items[0]?.id ?? '';
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('keeps the server copy and drops the local one when the file reads back differently', async () => {
    const corrupting: LocalFolders = { ...local, readSource: () => Promise.resolve(Buffer.from('flipped bits')) };
    const target = (await local.account()).inboxId;
    const result = await saves(corrupting)
      .save([messageId], target, 'move')
      .catch((error: unknown) => error);
    assert.ok(result instanceof Error && /read back differently/.test(result.message), String(result));
    assert.deepEqual(expunged, [], 'nothing was removed from the server');
    assert.equal((await store.messages.listPage(target, 0, 10))?.items.length, 0, 'the bad copy is gone');
    assert.notEqual(await store.messages.get(messageId), null, 'the server message is still listed');
  });

  it('removes the server copy once the copy matched, and reuses an earlier copy', async () => {
    const target = (await local.account()).inboxId;
    // A copy first: nothing leaves the server.
    const copied = await saves(local).save([messageId], target, 'copy');
    assert.deepEqual(copied, { saved: 1, removedFromServer: 0, waitingForServer: 0, failures: [] });
    assert.deepEqual(expunged, []);
    const stored = await store.messages.get(messageId);
    assert.ok(stored);
    const save = await store.localSaves.find(stored.accountId, 'INBOX', 7, 9);
    assert.ok(save);
    assert.equal(save.sha256, sha256Hex(SOURCE));
    assert.equal(save.state, 'done');
    // Moving it later reuses that copy and only then removes the server's.
    const moved = await saves(local).save([messageId], target, 'move');
    assert.deepEqual(moved, { saved: 1, removedFromServer: 1, waitingForServer: 0, failures: [] });
    assert.deepEqual(expunged, [[9]]);
    assert.equal((await store.messages.listPage(target, 0, 10))?.items.length, 1, 'one local copy, not two');
    assert.equal(await store.messages.get(messageId), null, 'the cached server row went with the server copy');
  });

  it('keeps a verified move while the server is unreachable and finishes it at the next start', async () => {
    const target = (await local.account()).inboxId;
    const unreachable = createLocalSaves({
      store,
      saves: store.localSaves,
      local,
      sessions: {
        use: (_accountId, work) =>
          work(
            {
              ...session,
              expungeMessages: () => Promise.reject(new LetterboxError('network', 'The server cannot be reached.')),
            },
            false,
          ),
      },
      emit: () => undefined,
      isOffline: () => Promise.resolve(false),
      logError: () => undefined,
    });
    const report = await unreachable.save([messageId], target, 'move');
    assert.deepEqual(report, { saved: 1, removedFromServer: 0, waitingForServer: 1, failures: [] });
    assert.equal((await store.localSaves.pending()).length, 1);
    // Restart: recovery sends the STORE + EXPUNGE it could not send before.
    await saves(local).recover();
    assert.deepEqual(expunged, [[9]]);
    assert.deepEqual(await store.localSaves.pending(), []);
    assert.equal((await store.messages.listPage(target, 0, 10))?.items.length, 1);
  });
});
