import { join } from 'node:path';
import type { SecretStore } from '../service/service-types.ts';
import { fileStorage } from './password-storage-decision.ts';
import { openSecretFile } from './secret-file.ts';

export const secretsFileName = 'secrets.json';

// Browser mode has no OS keychain: passwords sit in DATA_DIR/secrets.json, readable
// only by this user (0600 in a 0700 directory), like ~/.netrc or mutt's config.
export function createFileSecretStore(dataDir: string): SecretStore {
  const file = openSecretFile(join(dataDir, secretsFileName));
  return {
    async get(reference) {
      return (await file.read())[reference] ?? null;
    },
    set(reference, secret) {
      return file.update((entries) => {
        entries[reference] = secret;
      });
    },
    delete(reference) {
      return file.update((entries) => {
        Reflect.deleteProperty(entries, reference);
      });
    },
    storage: () => fileStorage,
  };
}
