import type { SecretStore } from '../../electron/service/service-types.ts';

// The benchmark measures sync, not secret storage: keep passwords in memory.
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    get: (reference) => Promise.resolve(secrets.get(reference) ?? null),
    set: (reference, secret) => {
      secrets.set(reference, secret);
      return Promise.resolve();
    },
    delete: (reference) => {
      secrets.delete(reference);
      return Promise.resolve();
    },
  };
}
