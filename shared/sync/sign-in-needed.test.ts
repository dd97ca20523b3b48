import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SyncStatus } from '../domain.ts';
import { signInNeededAfter, withoutAccount } from './sign-in-needed.ts';

function after(statuses: readonly SyncStatus[]): readonly string[] {
  return [...statuses.reduce<ReadonlySet<string>>((needed, status) => signInNeededAfter(needed, status), new Set())];
}

const refused: SyncStatus = { state: 'error', text: 'Sign in again.', accountId: 'a', code: 'auth-failed' };

describe('accounts that need a new sign-in', () => {
  it('holds an account whose sync was refused its sign-in, through other accounts\' news and its own retries', () => {
    assert.deepEqual(
      after([
        refused,
        { state: 'idle', text: 'Up to date', accountId: 'b' },
        { state: 'connecting', text: 'Connecting to imap.example.org', accountId: 'a' },
        { state: 'offline', text: 'Offline', accountId: null },
        refused,
      ]),
      ['a'],
    );
  });

  it('lets it go after a sync that worked, or a sign-in again', () => {
    assert.deepEqual(after([refused, { state: 'syncing', text: 'Syncing Inbox', accountId: 'a' }, { state: 'idle', text: 'Up to date', accountId: 'a' }]), []);
    assert.deepEqual([...withoutAccount(new Set(['a', 'b']), 'a')], ['b']);
  });

  it('is not asked for by other errors', () => {
    assert.deepEqual(after([{ state: 'error', text: 'The server failed.', accountId: 'a', code: 'server-error' }, { state: 'error', text: 'Failed', accountId: 'b' }]), []);
  });
});
