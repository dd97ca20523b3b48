import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createFileSecretStore, secretsFileName } from './file-secret-store.ts';

describe('file secret store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  beforeEach(() => {
    dir = makeTempDir();
    dataDir = join(dir.path, 'data');
  });
  afterEach(() => {
    dir.remove();
  });

  it('writes the file readable by this user only, in a directory only this user can enter', async () => {
    await createFileSecretStore(dataDir).set('account-1', 'hunter2');
    assert.equal((await stat(join(dataDir, secretsFileName))).mode & 0o777, 0o600);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
  });

  it('reads a password back after a restart', async () => {
    await createFileSecretStore(dataDir).set('account-1', 'correct horse');
    assert.equal(await createFileSecretStore(dataDir).get('account-1'), 'correct horse');
    assert.equal(await createFileSecretStore(dataDir).get('account-2'), null);
  });

  it('keeps both of two passwords set at the same moment', async () => {
    const store = createFileSecretStore(dataDir);
    await Promise.all([store.set('a', 'one'), store.set('b', 'two'), store.set('c', 'three')]);
    const reopened = createFileSecretStore(dataDir);
    assert.deepEqual([await reopened.get('a'), await reopened.get('b'), await reopened.get('c')], ['one', 'two', 'three']);
  });

  it('forgets a deleted password and leaves no temp files behind', async () => {
    const store = createFileSecretStore(dataDir);
    await store.set('a', 'one');
    await store.delete('a');
    assert.equal(await store.get('a'), null);
    assert.doesNotMatch(await readFile(join(dataDir, secretsFileName), 'utf8'), /one/);
    assert.deepEqual(await readdir(dataDir), [secretsFileName]);
  });
});
