import type { SyncStatus } from '../../shared/domain.ts';
import { LetterboxError, type ErrorCode } from '../../shared/errors.ts';
import { diskFullForSync, isDiskFull } from '../local/disk-write-error.ts';

// Codes that mean "the server could not be reached", as opposed to "it said no".
const offlineCodes: ReadonlySet<ErrorCode> = new Set(['host-not-found', 'connection-refused', 'timeout', 'network']);

export function isOfflineError(error: unknown): boolean {
  return error instanceof LetterboxError && offlineCodes.has(error.code);
}

export function connectingStatus(accountId: string, host: string): SyncStatus {
  return { state: 'connecting', text: `Connecting to ${host}`, accountId };
}

export function syncingStatus(accountId: string, folderName: string, done: number, total: number): SyncStatus {
  const text = total > 0 ? `Syncing ${folderName} ${done} of ${total}` : `Syncing ${folderName}`;
  return { state: 'syncing', text, accountId };
}

export function upToDateStatus(accountId: string): SyncStatus {
  return { state: 'idle', text: 'Up to date', accountId };
}

export function failedStatus(accountId: string, error: unknown): SyncStatus {
  if (isOfflineError(error)) {
    return { state: 'offline', text: `Offline: ${(error as LetterboxError).message}`, accountId };
  }
  if (error instanceof LetterboxError) return { state: 'error', text: error.message, accountId, code: error.code };
  // A write the store wraps is said by the store (store.ts); one made elsewhere in the sync
  // (flags, a folder's state) reaches here as SQLite's own error.
  if (isDiskFull(error)) return { state: 'error', text: diskFullForSync, accountId, code: 'storage' };
  return { state: 'error', text: 'Sync failed because of an error inside Letterbox. The details are in the log.', accountId };
}
