import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import type { PasswordProtection, PasswordStorage } from '../../shared/secrets/password-storage.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createService } from '../service/create-service.ts';
import { createFileSecretStore } from './file-secret-store.ts';
import { decidePasswordStorage, type SecretBackendFacts } from './password-storage-decision.ts';
import { requirePasswordStorageConsent } from './password-storage-handlers.ts';
import { createSafeStorageSecretStore, type StringCipher } from './safe-storage-secret-store.ts';

const rows: readonly (readonly [SecretBackendFacts, PasswordProtection, boolean])[] = [
  [{ platform: 'linux', linuxBackend: 'gnome_libsecret', encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'linux', linuxBackend: 'kwallet', encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'linux', linuxBackend: 'kwallet5', encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'linux', linuxBackend: 'kwallet6', encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'linux', linuxBackend: 'basic_text', encryptionAvailable: true }, 'weak', true],
  [{ platform: 'linux', linuxBackend: 'unknown', encryptionAvailable: true }, 'weak', true],
  [{ platform: 'linux', linuxBackend: 'some_future_backend', encryptionAvailable: true }, 'weak', true],
  [{ platform: 'linux', linuxBackend: null, encryptionAvailable: true }, 'weak', true],
  [{ platform: 'linux', linuxBackend: 'gnome_libsecret', encryptionAvailable: false }, 'unavailable', false],
  [{ platform: 'darwin', linuxBackend: null, encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'win32', linuxBackend: null, encryptionAvailable: true }, 'keyring', false],
  [{ platform: 'win32', linuxBackend: null, encryptionAvailable: false }, 'unavailable', false],
  [{ platform: 'freebsd', linuxBackend: null, encryptionAvailable: true }, 'weak', true],
];

function cipher(backend: string): StringCipher {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.from(plain).map((byte) => byte ^ 0x5a) as Buffer,
    decryptString: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString(),
    getSelectedStorageBackend: () => backend,
  };
}

describe('decidePasswordStorage', () => {
  for (const [facts, protection, ask] of rows) {
    it(`calls ${facts.platform}/${String(facts.linuxBackend)}${facts.encryptionAvailable ? '' : ' without encryption'} ${protection}${ask ? ', asking first' : ''}`, () => {
      const decision = decidePasswordStorage(facts);
      assert.equal(decision.protection, protection);
      assert.equal(decision.askBeforeStoring, ask);
      assert.ok(decision.explanation.length > 20);
    });
  }

  it('says what basic_text means in words a user can act on', () => {
    const decision = decidePasswordStorage({ platform: 'linux', linuxBackend: 'basic_text', encryptionAvailable: true });
    assert.equal(decision.backend, 'basic_text');
    assert.match(decision.explanation, /No keyring/);
    assert.match(decision.explanation, /same on every computer/);
  });

  it('is reported by the secret stores: the backend safeStorage chose, and the file in browser mode', () => {
    const dir = makeTempDir();
    try {
      assert.equal(createSafeStorageSecretStore(dir.path, cipher('basic_text'), 'linux').storage?.().protection, 'weak');
      assert.equal(createSafeStorageSecretStore(dir.path, cipher('gnome_libsecret'), 'linux').storage?.().protection, 'keyring');
      assert.equal(createFileSecretStore(dir.path).storage?.().backend, 'file');
    } finally {
      dir.remove();
    }
  });
});

describe('asking before storing a password without a keyring', () => {
  it('refuses without the user’s yes only where storage is weak', () => {
    const dir = makeTempDir();
    try {
      const weak = createSafeStorageSecretStore(dir.path, cipher('basic_text'), 'linux');
      assert.throws(() => { requirePasswordStorageConsent(weak, undefined); }, (error: unknown) => error instanceof LetterboxError && error.code === 'storage' && /only if you agree/.test(error.message));
      assert.throws(() => { requirePasswordStorageConsent(weak, false); }, LetterboxError);
      requirePasswordStorageConsent(weak, true);
      requirePasswordStorageConsent(createSafeStorageSecretStore(dir.path, cipher('kwallet6'), 'linux'), undefined);
    } finally {
      dir.remove();
    }
  });

  it('is reported through getPasswordStorage, and addAccount stores nothing until the user agrees', async () => {
    const dir = makeTempDir();
    const service = createService({ dataDir: dir.path, secretStore: createSafeStorageSecretStore(dir.path, cipher('basic_text'), 'linux'), openExternal: () => Promise.resolve(false), logError: () => undefined });
    try {
      const storage = await service.dispatch('getPasswordStorage', {});
      assert.ok(storage.ok);
      const reported = storage.value as PasswordStorage;
      assert.deepEqual([reported.backend, reported.askBeforeStoring], ['basic_text', true]);
      const account = {
        kind: 'imap',
        email: 'alice@example.org',
        password: 'canary-password',
        incoming: { host: '127.0.0.1', port: 1, security: 'tls', username: 'alice' },
        outgoing: null,
      };
      const refused = await service.dispatch('addAccount', account);
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'storage');
      // With the user's yes it goes on to the server (here: nothing listens, so it fails there).
      const tried = await service.dispatch('addAccount', { ...account, storePasswordWithoutKeyring: true });
      assert.ok(!tried.ok);
      assert.notEqual(tried.error.code, 'storage');
    } finally {
      await service.close();
      dir.remove();
    }
  });
});
