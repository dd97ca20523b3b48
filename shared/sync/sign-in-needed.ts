// Which accounts wait for "Sign in again": those whose last sync said the sign-in was refused
// ('auth-failed'), until one of their syncs succeeds. Kept per account, so another account's
// "Up to date" in the status line does not hide the way out; kept by the service too
// (listSignInNeeded), so a window opened later shows it before the next sync fails.
import type { SyncStatus } from '../domain.ts';

export function signInNeededAfter(current: ReadonlySet<string>, status: SyncStatus): ReadonlySet<string> {
  const { accountId } = status;
  if (accountId === null) return current;
  if (status.state === 'error' && status.code === 'auth-failed') return current.has(accountId) ? current : new Set([...current, accountId]);
  // Connecting, syncing or offline says nothing about the sign-in yet; only a sync that worked does.
  if (status.state === 'idle' && current.has(accountId)) return withoutAccount(current, accountId);
  return current;
}

export function withoutAccount(current: ReadonlySet<string>, accountId: string): ReadonlySet<string> {
  if (!current.has(accountId)) return current;
  const next = new Set(current);
  next.delete(accountId);
  return next;
}
