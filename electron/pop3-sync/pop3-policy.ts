// Where a POP3 account's mail lives (architecture.md): which server copies to delete. Pure,
// so the rules are tested without a server. The download itself never deletes anything a
// rule does not name, and nothing is named before its local copy is durable (the ledger
// row exists only once it is).
export type Pop3Policy = {
  // Default on: the server keeps every message; the rules below may still remove some.
  readonly leaveOnServer: boolean;
  // With leaveOnServer: delete from the server this many days after the download.
  readonly deleteAfterDays: number | null;
  // Delete from the server once the local copy is deleted (in the Trash, or gone).
  readonly deleteWhenDeletedHere: boolean;
  // Larger messages are downloaded as headers (TOP n 0); the rest on request.
  readonly maxMessageBytes: number | null;
};

export const DEFAULT_POP3_POLICY: Pop3Policy = {
  leaveOnServer: true,
  deleteAfterDays: null,
  deleteWhenDeletedHere: false,
  maxMessageBytes: null,
};

export type LedgerEntry = {
  readonly uidl: string;
  readonly downloadedAt: number;
  readonly deletedOnServer: boolean;
  readonly messageRef: string | null;
  readonly bodyState: 'headers' | 'full';
  // Where its local copy is: kept in a folder, in the Trash, or deleted for good.
  readonly local: 'kept' | 'trash' | 'gone';
};

const DAY_MS = 86_400_000;

export function shouldDeleteFromServer(entry: LedgerEntry, policy: Pop3Policy, now: number): boolean {
  if (entry.deletedOnServer) return false;
  // The user's own deletion is the one reason to drop a message never downloaded whole.
  if (entry.local !== 'kept' && policy.deleteWhenDeletedHere) return true;
  if (entry.bodyState !== 'full') return false;
  if (!policy.leaveOnServer) return true;
  return policy.deleteAfterDays !== null && now - entry.downloadedAt >= policy.deleteAfterDays * DAY_MS;
}

// Whole, or headers only (RFC 1939 LIST gives the size before anything is fetched).
export function downloadsWhole(size: number, policy: Pop3Policy): boolean {
  return policy.maxMessageBytes === null || size <= policy.maxMessageBytes;
}
