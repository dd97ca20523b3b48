// An account may log in to its outgoing server with a password of its own (a provider's
// app password, a relay with other users). It lives in the SecretStore like the account's
// password, under a reference derived from the account's: no new column names it, and
// nothing but the SecretStore ever holds it. Without it, the account's password is used.
import type { SecretStore } from '../service/service-types.ts';

export function outgoingSecretReference(accountReference: string): string {
  return `${accountReference}:outgoing`;
}

// The password for the outgoing server: its own when the user gave one, else the account's.
export async function outgoingPassword(secretStore: SecretStore, accountReference: string): Promise<string | null> {
  return (await secretStore.get(outgoingSecretReference(accountReference))) ?? (await secretStore.get(accountReference));
}

export async function setOutgoingPassword(secretStore: SecretStore, accountReference: string, password: string | null): Promise<void> {
  if (password === null) await secretStore.delete(outgoingSecretReference(accountReference));
  else await secretStore.set(outgoingSecretReference(accountReference), password);
}
