import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { FlagChange, KeywordStoreResult } from './imap-types.ts';
import { uidSet } from './uid-set.ts';
import { assertUsable, missingUids, withWritableMailbox } from './writable-mailbox.ts';

// RFC 3501 7.1 PERMANENTFLAGS: "\*" means new keywords may be created; otherwise only the
// keywords listed are kept past the session. A server without the response code says nothing
// either way (RFC 3501 7.1: then all flags are permanent).
export function keywordIsPermanent(permanentFlags: ReadonlySet<string> | undefined, atom: string): boolean {
  if (permanentFlags === undefined) return true;
  const lower = atom.toLowerCase();
  for (const flag of permanentFlags) if (flag === '\\*' || flag.toLowerCase() === lower) return true;
  return false;
}

// UID STORE +FLAGS.SILENT / -FLAGS.SILENT of keywords (RFC 3501 6.4.6). A keyword the
// folder cannot keep is not sent (imapflow would drop it silently); it is reported back so
// the store keeps it locally and says so.
export async function storeKeywords(
  client: ImapFlow,
  path: string,
  uidValidity: number | null,
  uids: readonly number[],
  change: FlagChange,
): Promise<KeywordStoreResult> {
  return withWritableMailbox(client, path, uidValidity, uids, async (present) => {
    const mailbox = client.mailbox;
    const permanentFlags = mailbox === false ? undefined : mailbox.permanentFlags;
    const storable = change.add.filter((atom) => keywordIsPermanent(permanentFlags, atom));
    const keptLocal = change.add.filter((atom) => !storable.includes(atom));
    const set = uidSet(present.map((message) => message.uid));
    if (set !== '') {
      if (storable.length > 0 && !(await client.messageFlagsAdd(set, [...storable], { uid: true, silent: true }))) refused(client, path);
      if (change.remove.length > 0 && !(await client.messageFlagsRemove(set, [...change.remove], { uid: true, silent: true }))) {
        refused(client, path);
      }
    }
    return { missing: missingUids(uids, present), keptLocal };
  });
}

function refused(client: ImapFlow, path: string): never {
  assertUsable(client, 'STORE');
  throw new LetterboxError('server-error', `The server refused to change keywords in "${path}".`);
}
