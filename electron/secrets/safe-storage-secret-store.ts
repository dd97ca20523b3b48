import { join } from 'node:path';
import { LetterboxError } from '../../shared/errors.ts';
import type { SecretStore } from '../service/service-types.ts';
import { decidePasswordStorage } from './password-storage-decision.ts';
import { openSecretFile } from './secret-file.ts';

// The part of Electron's safeStorage this store uses, injected so it can be tested
// with a fake cipher where Electron does not run.
export type StringCipher = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  // Linux only: which keyring safeStorage uses ("basic_text" when there is none).
  getSelectedStorageBackend?(): string;
};

export const safeStorageFileName = 'secrets.bin';

// Each password is encrypted by the OS keychain's key (safeStorage) and kept as
// base64 in DATA_DIR/secrets.bin; the file alone does not reveal it.
export function createSafeStorageSecretStore(dataDir: string, cipher: StringCipher, platform: string = process.platform): SecretStore {
  const file = openSecretFile(join(dataDir, safeStorageFileName));

  function requireEncryption(): void {
    if (!cipher.isEncryptionAvailable()) {
      throw new LetterboxError('storage', 'This system offers no secure storage for passwords, so Letterbox cannot keep them.');
    }
  }

  return {
    async get(reference) {
      const encoded = (await file.read())[reference];
      if (encoded === undefined) return null;
      requireEncryption();
      try {
        return cipher.decryptString(Buffer.from(encoded, 'base64'));
      } catch {
        throw new LetterboxError('storage', 'A stored password could not be decrypted. Enter it again in the account settings.');
      }
    },
    async set(reference, secret) {
      requireEncryption();
      const encoded = cipher.encryptString(secret).toString('base64');
      await file.update((entries) => {
        entries[reference] = encoded;
      });
    },
    delete(reference) {
      return file.update((entries) => {
        Reflect.deleteProperty(entries, reference);
      });
    },
    storage() {
      const linuxBackend = platform === 'linux' && cipher.getSelectedStorageBackend ? cipher.getSelectedStorageBackend() : null;
      return decidePasswordStorage({ platform, linuxBackend, encryptionAvailable: cipher.isEncryptionAvailable() });
    },
  };
}
