import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account, Folder } from '../../../shared/domain.ts';
import {
  buildFolderTree,
  defaultFolderId,
  folderLabel,
  shownUnifiedFolders,
  treeKeyAction,
  visibleItems,
  type AccountNode,
  type FolderNode,
} from './folder-tree-model.ts';

function folder(id: string, name: string, extra: Partial<Folder> = {}): Folder {
  return {
    id,
    accountId: 'a1',
    path: name,
    name,
    parentId: null,
    delimiter: '/',
    role: null,
    subscribed: true,
    selectable: true,
    unreadCount: 0,
    totalCount: 0,
    ...extra,
  };
}

const account: Account = {
  id: 'a1',
  kind: 'imap',
  name: 'Work',
  email: 'me@example.org',
  incoming: { host: 'imap.example.org', port: 993, security: 'tls', username: 'me' },
  outgoing: null,
};

function names(nodes: readonly FolderNode[]): string[] {
  return nodes.map((node) => node.folder.name);
}

describe('buildFolderTree', () => {
  it('puts Inbox first, then other roles, then the rest alphabetically', () => {
    const tree = buildFolderTree([
      folder('z', 'zebra'),
      folder('t', 'Trash', { role: 'trash' }),
      folder('b', 'Bills'),
      folder('s', 'Sent', { role: 'sent' }),
      folder('i', 'Inbox', { role: 'inbox' }),
      folder('d', 'Drafts', { role: 'drafts' }),
      folder('a', 'apple'),
    ]);
    assert.deepEqual(names(tree), ['Inbox', 'Drafts', 'Sent', 'Trash', 'apple', 'Bills', 'zebra']);
    assert.equal(folderLabel(tree[0]!.folder), 'Inbox');
  });

  it('nests folders under their parent and sorts each level', () => {
    const tree = buildFolderTree([
      folder('p2', 'Projects/Zeta', { parentId: 'p', name: 'Zeta' }),
      folder('p', 'Projects'),
      folder('p1', 'Projects/Alpha', { parentId: 'p', name: 'Alpha' }),
      folder('p1x', 'Projects/Alpha/Deep', { parentId: 'p1', name: 'Deep' }),
    ]);
    assert.deepEqual(names(tree), ['Projects']);
    assert.deepEqual(names(tree[0]?.children ?? []), ['Alpha', 'Zeta']);
    assert.deepEqual(names(tree[0]?.children[0]?.children ?? []), ['Deep']);
  });

  it('shows a folder whose parent is missing at the top level', () => {
    const tree = buildFolderTree([folder('c', 'Orphan', { parentId: 'gone' })]);
    assert.deepEqual(names(tree), ['Orphan']);
  });

  it('does not loop forever on a parent cycle', () => {
    const tree = buildFolderTree([folder('x', 'X', { parentId: 'y' }), folder('y', 'Y', { parentId: 'x' }), folder('r', 'Root')]);
    assert.deepEqual(names(tree), ['Root']);
  });
});

describe('folderLabel', () => {
  it('adds the unread count only when there are unread messages', () => {
    assert.equal(folderLabel(folder('i', 'Inbox', { unreadCount: 3 })), 'Inbox, 3 unread');
    assert.equal(folderLabel(folder('i', 'Inbox', { unreadCount: 0 })), 'Inbox');
  });

});

describe('tree keyboard', () => {
  const accounts: readonly AccountNode[] = [
    {
      account,
      folders: buildFolderTree([
        folder('i', 'Inbox', { role: 'inbox' }),
        folder('p', 'Projects'),
        folder('p1', 'Projects/Alpha', { parentId: 'p', name: 'Alpha' }),
      ]),
    },
  ];

  it('lists visible items in screen order and hides children of collapsed items', () => {
    assert.deepEqual(
      visibleItems(accounts, new Set()).map((item) => item.key),
      ['account:a1', 'folder:i', 'folder:p', 'folder:p1'],
    );
    assert.deepEqual(
      visibleItems(accounts, new Set(['folder:p'])).map((item) => item.key),
      ['account:a1', 'folder:i', 'folder:p'],
    );
  });

  it('moves down and up, and stops at the ends', () => {
    const items = visibleItems(accounts, new Set());
    assert.deepEqual(treeKeyAction(items, 'folder:i', 'ArrowDown', new Set()), { kind: 'focus', key: 'folder:p' });
    assert.deepEqual(treeKeyAction(items, 'folder:i', 'ArrowUp', new Set()), { kind: 'focus', key: 'account:a1' });
    assert.deepEqual(treeKeyAction(items, 'folder:p1', 'ArrowDown', new Set()), { kind: 'none' });
    assert.deepEqual(treeKeyAction(items, 'folder:p1', 'Home', new Set()), { kind: 'focus', key: 'account:a1' });
  });

  it('collapses an open item on Left and goes to the parent from a child', () => {
    const items = visibleItems(accounts, new Set());
    assert.deepEqual(treeKeyAction(items, 'folder:p', 'ArrowLeft', new Set()), { kind: 'toggle', key: 'folder:p', expand: false });
    assert.deepEqual(treeKeyAction(items, 'folder:p1', 'ArrowLeft', new Set()), { kind: 'focus', key: 'folder:p' });
  });

  it('expands a closed item on Right and enters an open one', () => {
    const collapsed = new Set(['folder:p']);
    const items = visibleItems(accounts, collapsed);
    assert.deepEqual(treeKeyAction(items, 'folder:p', 'ArrowRight', collapsed), { kind: 'toggle', key: 'folder:p', expand: true });
    const open = visibleItems(accounts, new Set());
    assert.deepEqual(treeKeyAction(open, 'folder:p', 'ArrowRight', new Set()), { kind: 'focus', key: 'folder:p1' });
  });

  it('picks the first inbox as the default folder', () => {
    assert.equal(defaultFolderId(accounts), 'i');
    assert.equal(defaultFolderId([]), null);
  });
});

describe('unified folders in the tree', () => {
  const allInboxes = { id: 'unified:inbox', role: 'inbox', name: 'All Inboxes', unreadCount: 4, totalCount: 9 } as const;
  const allSent = { id: 'unified:sent', role: 'sent', name: 'All Sent', unreadCount: 0, totalCount: 2 } as const;
  const accounts: readonly AccountNode[] = [{ account, folders: buildFolderTree([folder('i', 'Inbox', { role: 'inbox' })]) }];

  it('shows them only when there are at least two accounts', () => {
    assert.deepEqual(shownUnifiedFolders([allInboxes], 1), []);
    assert.deepEqual(shownUnifiedFolders([allInboxes, allSent], 2), [allInboxes, allSent]);
  });

  it('puts them above the accounts, where the keyboard reaches them like any folder', () => {
    const items = visibleItems(accounts, new Set(), [allInboxes, allSent]);
    assert.deepEqual(
      items.map((item) => item.key),
      ['folder:unified:inbox', 'folder:unified:sent', 'account:a1', 'folder:i'],
    );
    assert.equal(items[0]?.folderId, 'unified:inbox');
    assert.deepEqual(treeKeyAction(items, 'account:a1', 'ArrowUp', new Set()), { kind: 'focus', key: 'folder:unified:sent' });
    assert.equal(folderLabel(allInboxes), 'All Inboxes, 4 unread');
    assert.equal(folderLabel(allSent), 'All Sent');
  });

  it('still opens the first account\'s inbox at start', () => {
    assert.equal(defaultFolderId(accounts), 'i');
  });
});
