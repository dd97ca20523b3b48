import type { CopyResponseObject, ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { MoveOptions, MoveResult } from './imap-types.ts';
import { TargetFolderMissingError } from './target-folder-missing-error.ts';
import { uidSet } from './uid-set.ts';
import { quotaRefusal } from './get-quota.ts';
import { assertUsable, missingUids, withWritableMailbox } from './writable-mailbox.ts';
import { removeByUid } from './expunge.ts';

// UID MOVE (RFC 6851) where the server offers it; else UID COPY, then \Deleted and
// UID EXPUNGE (RFC 4315) so that only these messages leave the source. The COPYUID
// response code (RFC 4315 3) maps each source UID to its UID in the target.
export async function moveMessages(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
  targetPath: string,
  options: MoveOptions,
): Promise<MoveResult> {
  return withWritableMailbox(client, path, uidValidity, uids, async (present) => {
    const missing = missingUids(uids, present);
    const set = uidSet(present.map((message) => message.uid));
    if (set === '') return { uidMap: [], missing };
    const useMove = options.useMove !== false && client.capabilities.has('MOVE');
    let result: CopyResponseObject | false;
    try {
      result = useMove
        ? await client.messageMove(set, targetPath, { uid: true })
        : await client.messageCopy(set, targetPath, { uid: true });
    } catch (error) {
      if (isNotFound(error)) throw new TargetFolderMissingError(targetPath);
      throw error;
    }
    if (result === false) {
      assertUsable(client, useMove ? 'MOVE' : 'COPY');
      if (!(await targetExists(client, targetPath))) throw new TargetFolderMissingError(targetPath);
      const full = await quotaRefusal(client, client.host, targetPath);
      if (full !== null) throw new LetterboxError('server-error', full);
      throw new LetterboxError('server-error', `The server refused to move the messages to "${targetPath}".`);
    }
    // The source is touched only once the copy is safely there.
    if (!useMove) await removeByUid(client, path, set);
    const uidMap = [...(result.uidMap ?? new Map<number, number>()).entries()].map(([source, target]) => ({ source, target }));
    return { uidMap, missing };
  });
}

async function targetExists(client: ImapFlow, targetPath: string): Promise<boolean> {
  try {
    return (await client.status(targetPath, { messages: true })) !== false;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

// imapflow's NotFound, or RFC 5530 NONEXISTENT / RFC 3501 TRYCREATE from the server.
function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as Record<string, unknown>;
  return record.code === 'NotFound' || record.mailboxMissing === true || record.serverResponseCode === 'NONEXISTENT' || record.serverResponseCode === 'TRYCREATE';
}
