import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../../shared/domain.ts';
import { treeAccounts } from './tree-accounts.ts';

function account(id: string, kind: Account['kind']): Account {
  const incoming = { host: 'h', port: 1, security: 'tls' as const, username: 'u' };
  return { id, kind, name: id, email: `${id}@example.org`, incoming, outgoing: null };
}

describe('accounts in the folder tree', () => {
  const local = account('1', 'local');
  const imap = account('2', 'imap');
  const pop3 = account('3', 'pop3');

  it('hides unused Local Folders, so an IMAP-only setup is unchanged', () => {
    assert.deepEqual(treeAccounts([local, imap], false), [imap]);
    assert.deepEqual(treeAccounts([local], false), []);
  });

  it('shows Local Folders last once a POP3 account delivers there or it holds mail, never the POP3 account itself', () => {
    assert.deepEqual(treeAccounts([local, imap, pop3], false), [imap, local]);
    assert.deepEqual(treeAccounts([local, imap], true), [imap, local]);
  });
});
