import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import type { EventMap, EventName } from '../../shared/events.ts';
import type { ImapChangeCommands, ImapSession } from '../imap/imap-types.ts';
import { TargetFolderMissingError } from '../imap/target-folder-missing-error.ts';
import { openStore, type Store } from '../store/store.ts';
import { makeTempDir, sampleAccount, sampleHeader } from '../store/test-fixtures.ts';
import { createActionReplayer } from './replay-actions.ts';

type Sent = { readonly command: string; readonly uids: readonly number[] };

describe('action replayer', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let accountId: string;
  let inbox: string;
  let archive: string;
  let messageId: string;
  let failWith: Error | null = null;
  const sent: Sent[] = [];
  const events: { event: EventName; payload: unknown }[] = [];

  // Only the change commands: the replayer uses nothing else of a session.
  const commands = {
    storeFlags(_path, _validity, uids, change) {
      if (failWith !== null) return Promise.reject(failWith);
      sent.push({ command: `STORE +${change.add.join(' ')} -${change.remove.join(' ')}`, uids });
      return Promise.resolve({ missing: [] });
    },
    moveMessages(_path, _validity, uids, target) {
      if (failWith !== null) return Promise.reject(failWith);
      sent.push({ command: `MOVE ${target}`, uids });
      return Promise.resolve({ uidMap: uids.map((uid) => ({ source: uid, target: uid + 100 })), missing: [] });
    },
    expungeMessages: () => Promise.resolve({ missing: [] }),
  } satisfies ImapChangeCommands;
  const session = commands as unknown as ImapSession;

  function replayer() {
    return createActionReplayer({
      store,
      sessions: { use: (_account, work) => work(session, false) },
      emit: <E extends EventName>(event: E, payload: EventMap[E]) => {
        events.push({ event, payload });
      },
      logError: () => undefined,
    });
  }

  beforeEach(async () => {
    dir = makeTempDir();
    store = openStore(dir.path);
    accountId = (await store.accounts.insert(sampleAccount())).id;
    const listing = (path: string, role: 'inbox' | 'archive') => ({
      path, name: path, delimiter: '/', parentPath: null, role, subscribed: true, selectable: true, messages: 0, unseen: 0,
    });
    const { folders } = await store.folders.replaceFromServer(accountId, [listing('INBOX', 'inbox'), listing('Archive', 'archive')]);
    inbox = folders.find((folder) => folder.path === 'INBOX')?.id ?? '';
    archive = folders.find((folder) => folder.path === 'Archive')?.id ?? '';
    await store.messages.upsertHeaders(inbox, [sampleHeader(5)]);
    messageId = (await store.messages.listPage(inbox, 0, 1))?.items[0]?.id ?? '';
    failWith = null;
    sent.length = 0;
    events.length = 0;
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('sends queued actions in order and empties the queue', async () => {
    await store.actions.enqueueFlags([messageId], { seen: true }, 1);
    await store.actions.enqueueRemoval([messageId], { kind: 'archive' }, 2);
    await store.actions.enqueueFlags([messageId], { flagged: true }, 3);
    const queue = replayer();
    queue.kick(accountId);
    await queue.settled();
    // The flag change after the move goes to the UID the move gave the message.
    assert.deepEqual(sent, [
      { command: 'STORE +\\Seen -', uids: [5] },
      { command: 'MOVE Archive', uids: [5] },
      { command: 'STORE +\\Flagged -', uids: [105] },
    ]);
    assert.equal(await store.actions.count(), 0);
    const message = await store.messages.get(messageId);
    assert.deepEqual([message?.folderId, message?.uid, message?.flags.seen, message?.flags.flagged], [archive, 105, true, true]);
    await queue.stop();
  });

  it('keeps a change queued while the server cannot be reached, and retries it later', async () => {
    await store.actions.enqueueFlags([messageId], { seen: true }, 1);
    failWith = new LetterboxError('network', 'down');
    const queue = replayer();
    queue.kick(accountId);
    await queue.settled();
    const head = await store.actions.head(accountId);
    assert.equal(head?.attempts, 1);
    assert.equal(head.lastError, 'down');
    assert.ok(head.nextAttemptAt > Date.now());
    assert.equal((await store.messages.get(messageId))?.flags.seen, true);
    failWith = null;
    queue.kick(accountId);
    await queue.settled();
    assert.equal(await store.actions.count(), 0);
    await queue.stop();
  });

  it('undoes a change the server refuses and says why', async () => {
    await store.actions.enqueueFlags([messageId], { flagged: true }, 1);
    failWith = new LetterboxError('server-error', 'imap.example.org refused the request: no.');
    const queue = replayer();
    queue.kick(accountId);
    await queue.settled();
    assert.equal(await store.actions.count(), 0);
    assert.equal((await store.messages.get(messageId))?.flags.flagged, false);
    const failure = events.find((entry) => entry.event === 'actionFailed')?.payload as EventMap['actionFailed'] | undefined;
    assert.match(failure?.message ?? '', /^Flagging 1 message failed and was undone\. imap\.example\.org refused/);
    await queue.stop();
  });

  it('keeps the message where it was when the target folder is gone', async () => {
    await store.actions.enqueueRemoval([messageId], { kind: 'archive' }, 1);
    failWith = new TargetFolderMissingError('Archive');
    const queue = replayer();
    queue.kick(accountId);
    await queue.settled();
    const message = await store.messages.get(messageId);
    assert.deepEqual([message?.folderId, message?.uid], [inbox, 5]);
    assert.ok(events.some((entry) => entry.event === 'actionFailed'));
    await queue.stop();
  });

  it('drops the action when the folder was rebuilt on the server (the UIDs name nothing now)', async () => {
    await store.actions.enqueueFlags([messageId], { seen: true }, 1);
    failWith = new LetterboxError('not-found', 'The folder "INBOX" was rebuilt on the server.');
    const queue = replayer();
    queue.kick(accountId);
    await queue.settled();
    assert.equal(await store.actions.count(), 0);
    const failure = events.find((entry) => entry.event === 'actionFailed')?.payload as EventMap['actionFailed'] | undefined;
    assert.match(failure?.message ?? '', /already deleted on the server/);
    await queue.stop();
  });
});
