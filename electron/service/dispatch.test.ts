import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { createDispatch } from './dispatch.ts';
import type { Handlers } from './service-types.ts';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unused = () => Promise.reject(new Error('not part of this test'));
  return new Proxy(overrides, { get: (target, name: string) => (target as Record<string, unknown>)[name] ?? unused }) as Handlers;
}

describe('the service dispatch', () => {
  it('answers an unknown channel with unknown-channel instead of throwing', async () => {
    const dispatch = createDispatch(handlersWith({}), () => undefined);
    const result = await dispatch('deleteEverything', {});
    assert.deepEqual(result, { ok: false, error: { code: 'unknown-channel', message: 'There is no request named "deleteEverything".' } });
    assert.equal((await dispatch(42, {})).ok, false);
  });

  it('rejects arguments that do not match the channel schema before any handler runs', async () => {
    let called = false;
    const dispatch = createDispatch(
      handlersWith({
        listMessages: () => {
          called = true;
          return Promise.resolve({ total: 0, offset: 0, items: [] });
        },
      }),
      () => undefined,
    );
    const result = await dispatch('listMessages', { folderId: 'f1', offset: -1, limit: 50 });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'invalid-argument');
    assert.match(result.error.message, /^offset: /);
    const extra = await dispatch('listMessages', { folderId: 'f1', offset: 0, limit: 50, sql: 'DROP TABLE messages' });
    assert.ok(!extra.ok);
    assert.equal(extra.error.code, 'invalid-argument');
    assert.equal(called, false);
  });

  it('passes parsed arguments to the handler and wraps its value', async () => {
    const dispatch = createDispatch(
      handlersWith({ listFolders: (args) => Promise.resolve(args.accountId === 'a1' ? [] : [{} as never]) }),
      () => undefined,
    );
    assert.deepEqual(await dispatch('listFolders', { accountId: 'a1' }), { ok: true, value: [] });
  });

  it('turns a LetterboxError into its code and message', async () => {
    const dispatch = createDispatch(
      handlersWith({ getMessage: () => Promise.reject(new LetterboxError('network', 'You are offline and this message is not saved yet.')) }),
      () => undefined,
    );
    assert.deepEqual(await dispatch('getMessage', { messageId: '7' }), {
      ok: false,
      error: { code: 'network', message: 'You are offline and this message is not saved yet.' },
    });
  });

  it('hides an unexpected error behind a generic message and logs it', async () => {
    const logged: unknown[] = [];
    const dispatch = createDispatch(
      handlersWith({ getStatus: () => Promise.reject(new Error('SQLITE_CORRUPT at /home/alice/secret path')) }),
      (error) => logged.push(error),
    );
    const result = await dispatch('getStatus', {});
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'internal');
    assert.doesNotMatch(result.error.message, /SQLITE|alice/);
    assert.equal(logged.length, 1);
  });

  it("says a full disk is full, not an error inside Letterbox, when the store refuses a request's write", async () => {
    // SQLite's own SQLITE_FULL, from a store that may not grow (max_page_count), as a flag
    // or draft write on a full disk raises it.
    const database = new DatabaseSync(':memory:');
    database.exec('CREATE TABLE drafts (body BLOB); PRAGMA max_page_count = 3');
    const logged: unknown[] = [];
    const dispatch = createDispatch(
      handlersWith({
        getStatus: () => {
          database.prepare('INSERT INTO drafts VALUES (?)').run(new Uint8Array(64 * 1024));
          return Promise.resolve({} as never);
        },
      }),
      (error) => logged.push(error),
    );
    const result = await dispatch('getStatus', {});
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'storage');
    assert.match(result.error.message, /^The disk is full: .* on this computer\. Free some space, then try again\.$/);
    assert.equal(logged.length, 1, 'still logged');
    assert.equal(database.prepare('SELECT count(*) AS n FROM drafts').get()?.n, 0, 'SQLite kept nothing of it');
  });
});
