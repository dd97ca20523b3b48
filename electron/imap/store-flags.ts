import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { FlagChange, FlagStoreResult } from './imap-types.ts';
import { uidSet } from './uid-set.ts';
import { assertUsable, missingUids, withWritableMailbox } from './writable-mailbox.ts';

// UID STORE +FLAGS.SILENT / -FLAGS.SILENT (RFC 3501 6.4.6) on the UIDs that still exist;
// the ones gone from the server are reported back rather than silently ignored.
export async function storeFlags(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
  change: FlagChange,
): Promise<FlagStoreResult> {
  return withWritableMailbox(client, path, uidValidity, uids, async (present) => {
    const set = uidSet(present.map((message) => message.uid));
    if (set !== '') {
      if (change.add.length > 0 && !(await client.messageFlagsAdd(set, [...change.add], { uid: true, silent: true }))) {
        refused(client, path);
      }
      if (change.remove.length > 0 && !(await client.messageFlagsRemove(set, [...change.remove], { uid: true, silent: true }))) {
        refused(client, path);
      }
    }
    return { missing: missingUids(uids, present) };
  });
}

function refused(client: ImapFlow, path: string): never {
  assertUsable(client, 'STORE');
  throw new LetterboxError('server-error', `The server refused to change flags in "${path}".`);
}
