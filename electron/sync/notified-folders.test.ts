import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotifyNotice } from '../imap/notify-types.ts';
import type { StoredFolder } from '../store/folder-repository.ts';
import { planNotifiedSyncs } from './notified-folders.ts';

function folder(id: string, path: string, overrides: Partial<StoredFolder> = {}): StoredFolder {
  return {
    id,
    accountId: '1',
    path,
    name: path,
    parentId: null,
    delimiter: '/',
    role: path === 'INBOX' ? 'inbox' : null,
    subscribed: true,
    selectable: true,
    unreadCount: 1,
    totalCount: 5,
    uidValidity: 7,
    uidNext: 6,
    highestModseq: '10',
    ...overrides,
  };
}

const FOLDERS: readonly StoredFolder[] = [
  folder('1', 'INBOX'),
  folder('2', 'Receipts'),
  folder('3', 'Lists', { subscribed: false, uidValidity: null, uidNext: null, highestModseq: null }),
  folder('4', 'Viewed', { subscribed: false }),
  folder('5', 'Parent', { selectable: false }),
];

const SAME = { messages: 5, unseen: 1, uidValidity: 7, uidNext: 6, highestModseq: '10' };

function plan(notices: readonly NotifyNotice[], idled: readonly string[] = []): ReturnType<typeof planNotifiedSyncs> {
  return planNotifiedSyncs(notices, { folders: FOLDERS, viewedFolderId: '4', isIdled: (id) => idled.includes(id) });
}

describe('what NOTIFY notices ask of sync', () => {
  it('resyncs a kept folder whose STATUS differs from the store, once for a burst', () => {
    assert.deepEqual(
      plan([
        { kind: 'status', path: 'Receipts', status: { ...SAME, uidNext: 7, messages: 6 } },
        { kind: 'status', path: 'Receipts', status: { highestModseq: '11' } },
      ]),
      { account: false, folderIds: ['2'] },
    );
  });

  it('ignores a STATUS that matches the store, as in the burst at every NOTIFY SET', () => {
    assert.deepEqual(plan([{ kind: 'status', path: 'Receipts', status: SAME }, { kind: 'status', path: 'inbox', status: SAME }]), { account: false, folderIds: [] });
  });

  it('leaves folders idled elsewhere to their IDLE connection, and never resyncs one that holds no messages', () => {
    const changed = { ...SAME, uidNext: 9 };
    assert.deepEqual(plan([{ kind: 'status', path: 'INBOX', status: changed }, { kind: 'status', path: 'Parent', status: changed }], ['1']), { account: false, folderIds: [] });
    assert.deepEqual(plan([{ kind: 'status', path: 'INBOX', status: changed }]), { account: false, folderIds: ['1'] });
  });

  it('resyncs the viewed folder even when it is not subscribed', () => {
    assert.deepEqual(plan([{ kind: 'status', path: 'Viewed', status: { highestModseq: '12' } }]), { account: false, folderIds: ['4'] });
  });

  it('reads counts of a folder whose headers are not kept through the account sync, and only when they moved', () => {
    assert.deepEqual(plan([{ kind: 'status', path: 'Lists', status: { messages: 5, unseen: 1, uidNext: 99 } }]), { account: false, folderIds: [] });
    assert.deepEqual(plan([{ kind: 'status', path: 'Lists', status: { messages: 6, unseen: 2 } }]), { account: true, folderIds: [] });
  });

  it('syncs the account for folder list changes, unknown folders and an overflow', () => {
    for (const notice of [
      { kind: 'mailbox', path: 'New', oldPath: null, exists: true },
      { kind: 'mailbox', path: 'Receipts', oldPath: null, exists: false },
      { kind: 'status', path: 'Unknown', status: SAME },
      { kind: 'overflow' },
    ] satisfies NotifyNotice[]) {
      assert.deepEqual(plan([notice]), { account: true, folderIds: [] }, JSON.stringify(notice));
    }
  });

  it('syncs the account when a NOTIFY SET burst no longer names a stored folder (renamed or deleted unheard)', () => {
    assert.deepEqual(plan([{ kind: 'snapshot', paths: ['Inbox', 'Receipts', 'Lists', 'Viewed'] }]), { account: false, folderIds: [] });
    assert.deepEqual(plan([{ kind: 'snapshot', paths: ['INBOX', 'Lists', 'Viewed'] }]), { account: true, folderIds: [] });
  });
});
