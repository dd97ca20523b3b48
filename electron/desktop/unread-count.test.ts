import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Folder } from '../../shared/domain.ts';
import { fail, ok } from '../../shared/errors.ts';
import { createUnreadCounter, listAllFolders, unreadInboxCount, windowTitle } from './unread-count.ts';

describe('unreadInboxCount', () => {
  it('adds up the unread messages of every account inbox and nothing else', () => {
    assert.equal(
      unreadInboxCount([
        { role: 'inbox', unreadCount: 3 },
        { role: 'inbox', unreadCount: 4 },
        { role: 'junk', unreadCount: 50 },
        { role: 'trash', unreadCount: 2 },
        { role: null, unreadCount: 900 },
      ]),
      7,
    );
    assert.equal(unreadInboxCount([]), 0);
  });

  it('ignores counts that are not sane', () => {
    assert.equal(
      unreadInboxCount([
        { role: 'inbox', unreadCount: -1 },
        { role: 'inbox', unreadCount: Number.NaN },
        { role: 'inbox', unreadCount: 2.5 },
        { role: 'inbox', unreadCount: 1 },
      ]),
      1,
    );
  });
});

describe('windowTitle', () => {
  it('shows the count only when there is unread mail', () => {
    assert.equal(windowTitle(0), 'Letterbox');
    assert.equal(windowTitle(12), 'Letterbox — 12 unread');
  });
});

describe('listAllFolders', () => {
  it("lists each account's folders through the service and skips an account that fails", async () => {
    const inbox = { id: 'f1', role: 'inbox', unreadCount: 2 } as Folder;
    const requests: unknown[] = [];
    const folders = await listAllFolders((channel, args) => {
      requests.push([channel, args]);
      if (channel === 'listAccounts') return Promise.resolve(ok([{ id: 'a1' }, { id: 'a2' }]));
      const { accountId } = args as { accountId: string };
      return Promise.resolve(accountId === 'a1' ? ok([inbox]) : fail('storage', 'broken'));
    });
    assert.deepEqual(folders, [inbox]);
    assert.deepEqual(requests, [
      ['listAccounts', {}],
      ['listFolders', { accountId: 'a1' }],
      ['listFolders', { accountId: 'a2' }],
    ]);
  });

  it('gives no folders when the accounts cannot be listed', async () => {
    assert.deepEqual(await listAllFolders(() => Promise.resolve(fail('internal', 'x'))), []);
  });
});

describe('createUnreadCounter', () => {
  it('coalesces a burst of refreshes into the running count and one more', async () => {
    let counts = 0;
    const releases: (() => void)[] = [];
    const shown: number[] = [];
    const refresh = createUnreadCounter(
      () =>
        new Promise<number>((resolve) => {
          counts += 1;
          const value = counts * 10;
          releases.push(() => {
            resolve(value);
          });
        }),
      (unread) => shown.push(unread),
      (error) => {
        throw error;
      },
    );
    refresh();
    refresh();
    refresh();
    refresh();
    assert.equal(counts, 1);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(counts, 2);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(counts, 2);
    assert.deepEqual(shown, [10, 20]);
  });

  it('shows a count only when it changed, and logs a failed count', async () => {
    const shown: number[] = [];
    const errors: unknown[] = [];
    let next: () => Promise<number> = () => Promise.resolve(5);
    const refresh = createUnreadCounter(
      () => next(),
      (unread) => shown.push(unread),
      (error) => errors.push(error),
    );
    refresh();
    await new Promise((resolve) => setImmediate(resolve));
    refresh();
    await new Promise((resolve) => setImmediate(resolve));
    next = () => Promise.reject(new Error('store closed'));
    refresh();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(shown, [5]);
    assert.equal(errors.length, 1);
  });
});
