import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { MoveResult } from './imap-types.ts';
import { TargetFolderMissingError } from './target-folder-missing-error.ts';
import { uidSet } from './uid-set.ts';
import { quotaRefusal } from './get-quota.ts';
import { assertUsable, missingUids, withWritableMailbox } from './writable-mailbox.ts';

// UID COPY (RFC 3501 6.4.7); COPYUID (RFC 4315 3) maps each source UID to the copy's.
export async function copyMessages(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
  targetPath: string,
): Promise<MoveResult> {
  return withWritableMailbox(client, path, uidValidity, uids, async (present) => {
    const missing = missingUids(uids, present);
    const set = uidSet(present.map((message) => message.uid));
    if (set === '') return { uidMap: [], missing };
    let result;
    try {
      result = await client.messageCopy(set, targetPath, { uid: true });
    } catch (error) {
      if (isNotFound(error)) throw new TargetFolderMissingError(targetPath);
      throw error;
    }
    if (result === false) {
      assertUsable(client, 'COPY');
      const full = await quotaRefusal(client, client.host, targetPath);
      if (full !== null) throw new LetterboxError('server-error', full);
      throw new LetterboxError('server-error', `The server refused to copy the messages to "${targetPath}".`);
    }
    const uidMap = [...(result.uidMap ?? new Map<number, number>()).entries()].map(([source, target]) => ({ source, target }));
    return { uidMap, missing };
  });
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as Record<string, unknown>;
  return record.code === 'NotFound' || record.mailboxMissing === true || record.serverResponseCode === 'NONEXISTENT' || record.serverResponseCode === 'TRYCREATE';
}
