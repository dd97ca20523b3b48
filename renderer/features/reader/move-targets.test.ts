import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account, Folder } from '../../../shared/domain.ts';
import { moveTargetGroups } from './move-targets.ts';

function account(id: string, kind: Account['kind'], name = ''): Account {
  return { id, kind, name, email: `${id}@example.org`, incoming: { host: 'h', port: 993, security: 'tls', username: id }, outgoing: null };
}

function folder(id: string, accountId: string, path: string, selectable = true): Folder {
  return { id, accountId, path, name: path, parentId: null, delimiter: '/', role: null, subscribed: true, selectable, unreadCount: 0, totalCount: 0 };
}

describe('Move to… targets', () => {
  it('offers the own account first, then the other IMAP accounts, without the current or unselectable folders', () => {
    const accounts = [account('bob', 'imap', 'Bob'), account('alice', 'imap'), account('pop', 'pop3'), account('local', 'local', 'Local Folders')];
    const folders = new Map([
      ['alice', [folder('1', 'alice', 'INBOX'), folder('2', 'alice', 'Projects'), folder('3', 'alice', '[Gmail]', false)]],
      ['bob', [folder('4', 'bob', 'INBOX')]],
      ['local', [folder('5', 'local', 'Inbox')]],
    ]);
    const groups = moveTargetGroups(accounts, folders, { accountId: 'alice', folderId: '1' });
    assert.deepEqual(
      groups.map((group) => [group.label, group.folders.map((entry) => entry.path)]),
      [
        ['alice@example.org', ['Projects']],
        ['Bob', ['INBOX']],
      ],
    );
  });

  it('keeps Local Folders mail within Local Folders', () => {
    const accounts = [account('alice', 'imap'), account('local', 'local', 'Local Folders')];
    const folders = new Map([
      ['alice', [folder('1', 'alice', 'INBOX')]],
      ['local', [folder('5', 'local', 'Inbox'), folder('6', 'local', 'Trash')]],
    ]);
    const groups = moveTargetGroups(accounts, folders, { accountId: 'local', folderId: '5' });
    assert.deepEqual(groups.map((group) => [group.label, group.folders.map((entry) => entry.path)]), [['Local Folders', ['Trash']]]);
  });

  it('leaves out an account with nowhere to move to', () => {
    const groups = moveTargetGroups([account('alice', 'imap')], new Map([['alice', [folder('1', 'alice', 'INBOX')]]]), { accountId: 'alice', folderId: '1' });
    assert.deepEqual(groups, []);
  });
});
