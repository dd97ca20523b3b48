// The getPasswordStorage channel, and the rule that a password goes into weak storage only
// with the user's yes, given in the add-account form.
import { LetterboxError } from '../../shared/errors.ts';
import type { PasswordStorage } from '../../shared/secrets/password-storage.ts';
import type { SecretStore } from '../service/service-types.ts';

const unreported: PasswordStorage = {
  backend: 'unknown',
  protection: 'unknown',
  askBeforeStoring: false,
  explanation: 'This build of Letterbox does not say where it keeps passwords.',
};

export function passwordStorageOf(secretStore: SecretStore): PasswordStorage {
  return secretStore.storage?.() ?? unreported;
}

// Thrown before anything is tried or stored, so a refused account leaves nothing behind.
export function requirePasswordStorageConsent(secretStore: SecretStore, storePasswordWithoutKeyring: boolean | undefined): void {
  const storage = passwordStorageOf(secretStore);
  if (storage.askBeforeStoring && storePasswordWithoutKeyring !== true) {
    throw new LetterboxError('storage', `${storage.explanation} Letterbox stores the password only if you agree to that.`);
  }
}

export function createPasswordStorageHandlers(secretStore: SecretStore) {
  return {
    getPasswordStorage(): Promise<PasswordStorage> {
      return Promise.resolve(passwordStorageOf(secretStore));
    },
  };
}
