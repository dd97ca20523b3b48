import type { ImapFlow } from 'imapflow';
import { withCheckedMailbox } from './checked-mailbox.ts';
import type { RemoteFlagState } from './imap-types.ts';
import { uidSet } from './uid-set.ts';

// Selects `path` read-write (RFC 3501 6.3.1 SELECT), checks that the cached UIDs still mean
// what they meant, and hands `work` the UIDs of `uids` that still exist with their flags.
// The lock is released in `finally`; the FETCH is collected whole (fetchAll) before any
// other command runs, never inside an open fetch iterator (imapflow issues 110 and 159).
export async function withWritableMailbox<T>(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
  work: (present: readonly RemoteFlagState[]) => Promise<T>,
): Promise<T> {
  return withCheckedMailbox(client, path, { readOnly: false, uidValidity, stale: 'its messages' }, async (mailbox) => {
    // NOOP first (RFC 3501 6.1.2): a mailbox this connection had selected already may owe
    // us EXPUNGE responses for messages another client removed; hear them before the FETCH.
    await client.noop();
    const set = uidSet(uids);
    const fetched = set === '' || mailbox.exists === 0 ? [] : await client.fetchAll(set, { uid: true, flags: true }, { uid: true });
    const present = fetched.map((message) => ({
      uid: message.uid,
      flags: [...(message.flags ?? [])],
      modseq: message.modseq === undefined ? null : String(message.modseq),
    }));
    return await work(present);
  });
}

export function missingUids(requested: readonly number[], present: readonly RemoteFlagState[]): readonly number[] {
  const found = new Set(present.map((message) => message.uid));
  return [...new Set(requested)].filter((uid) => !found.has(uid));
}

// imapflow turns a failed command into `false` and keeps the reason to itself; a command
// that failed because the connection dropped must read as offline, so the queue retries.
export function assertUsable(client: ImapFlow, what: string): void {
  if (!client.usable) {
    const error = new Error(`The connection closed during ${what}`) as Error & { code: string };
    error.code = 'NoConnection';
    throw error;
  }
}
