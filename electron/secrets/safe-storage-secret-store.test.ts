import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createSafeStorageSecretStore, safeStorageFileName, type StringCipher } from './safe-storage-secret-store.ts';

// Stands in for safeStorage: reversible, and the plain text never appears in its output.
function fakeCipher(available = true): StringCipher {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plainText) => Buffer.from(Buffer.from(`sealed:${plainText}`).map((byte) => byte ^ 0x5a)),
    decryptString: (encrypted) => {
      const text = Buffer.from(encrypted.map((byte) => byte ^ 0x5a)).toString();
      if (!text.startsWith('sealed:')) throw new Error('bad ciphertext');
      return text.slice('sealed:'.length);
    },
  };
}

describe('safe storage secret store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('keeps only ciphertext on disk and decrypts it after a restart', async () => {
    await createSafeStorageSecretStore(dir.path, fakeCipher()).set('account-1', 'hunter2');
    const onDisk = await readFile(join(dir.path, safeStorageFileName), 'utf8');
    assert.doesNotMatch(onDisk, /hunter2/);
    assert.equal((await stat(join(dir.path, safeStorageFileName))).mode & 0o777, 0o600);
    assert.equal(await createSafeStorageSecretStore(dir.path, fakeCipher()).get('account-1'), 'hunter2');
  });

  it('refuses to store a password where no encryption is available', async () => {
    const store = createSafeStorageSecretStore(dir.path, fakeCipher(false));
    await assert.rejects(store.set('account-1', 'hunter2'), (error: unknown) => error instanceof LetterboxError && error.code === 'storage');
  });

  it('reports a password it cannot decrypt as a storage error without revealing it', async () => {
    await createSafeStorageSecretStore(dir.path, fakeCipher()).set('account-1', 'hunter2');
    const broken: StringCipher = { ...fakeCipher(), decryptString: () => { throw new Error('key changed'); } };
    await assert.rejects(createSafeStorageSecretStore(dir.path, broken).get('account-1'), (error: unknown) => {
      return error instanceof LetterboxError && error.code === 'storage' && !error.message.includes('hunter2');
    });
  });

  it('forgets a deleted password', async () => {
    const store = createSafeStorageSecretStore(dir.path, fakeCipher());
    await store.set('account-1', 'hunter2');
    await store.delete('account-1');
    assert.equal(await store.get('account-1'), null);
  });
});
