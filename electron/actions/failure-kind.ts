import { LetterboxError } from '../../shared/errors.ts';
import { TargetFolderMissingError } from '../imap/target-folder-missing-error.ts';
import { isOfflineError } from '../sync/sync-status.ts';

// How the queue treats a failed replay:
// - retry: the server could not be reached or the login failed; the change stays queued
//   and shown, and is sent again later (a wrong password must never undo the user's work);
// - target-gone: the destination folder vanished; the messages stay where they were;
// - messages-gone: the source folder vanished or was rebuilt (RFC 3501 2.3.1.1), so the
//   UIDs name nothing; the change is dropped;
// - refused: the server said no; the local change is undone.
export type FailureKind = 'retry' | 'target-gone' | 'messages-gone' | 'refused';

export function failureKind(error: unknown): FailureKind {
  if (isOfflineError(error)) return 'retry';
  if (error instanceof TargetFolderMissingError) return 'target-gone';
  if (error instanceof LetterboxError) {
    if (error.code === 'auth-failed' || error.code === 'tls-untrusted' || error.code === 'tls-failed') return 'retry';
    if (error.code === 'not-found') return 'messages-gone';
  }
  return 'refused';
}

// Waits between attempts of a change that could not be sent: quick at first (a blip),
// then every five minutes at most (offline for hours must not spin).
const retryDelaysMs = [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 300_000];

export function retryDelayMs(attempts: number): number {
  return retryDelaysMs[Math.min(Math.max(attempts, 0), retryDelaysMs.length - 1)] ?? 300_000;
}
