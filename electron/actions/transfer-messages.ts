import { LetterboxError } from '../../shared/errors.ts';
import type { ImapSession } from '../imap/imap-types.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';
import type { Store } from '../store/store.ts';
import type { ActionOutcome, MovePayload } from './action-types.ts';

// A move to another account, replayed (docs/decisions.md, "Moving between accounts"):
// 1. the source: the cached RFC 5322 bytes, else fetched from the source server;
// 2. APPEND to the target folder with the message's flags and keywords, unless a copy
//    with its Message-ID is already there (a crash after an earlier APPEND);
// 3. verified: the target's copy, found by its APPENDUID (RFC 4315 3), has exactly the
//    source's size (RFC 3501 RFC822.SIZE);
// 4. only then the source is removed (\Deleted + UID EXPUNGE, RFC 4315 2.1).
// Any failure before 4 leaves the source untouched; a refusal (a full mailbox) undoes the
// move here, so nothing is lost.
export async function transferMessages(
  sessions: Pick<InteractiveSessions, 'use'>,
  store: Store,
  sourceAccountId: string,
  payload: MovePayload & { readonly targetAccountId: string },
): Promise<ActionOutcome> {
  const uidMap: { source: number; target: number }[] = [];
  const missingUids: number[] = [];
  for (const entry of payload.messages) {
    if (entry.uid <= 0) continue;
    const cached = await store.messages.get(entry.id);
    const raw =
      (await store.sources.get(entry.id)) ??
      (await sessions.use(sourceAccountId, (session) => session.fetchSource(payload.folderPath, entry.uid, payload.uidValidity)));
    if (raw === null) {
      missingUids.push(entry.uid);
      continue;
    }
    const flags = cached === null ? [] : flagsOf(cached.flags, cached.keywords);
    const messageId = cached?.messageId ?? null;
    const targetUid = await sessions.use(payload.targetAccountId, async (session) => {
      const commands = appendCommands(session);
      const already = messageId === null ? [] : await commands.findByMessageId(payload.targetPath, messageId);
      const appended = already[0] ?? (await commands.appendMessage(payload.targetPath, raw, flags)).uid;
      if (appended === null) return null;
      const [copy] = await commands.fetchHeadersByUid(payload.targetPath, [appended]);
      if (copy?.size !== raw.length) {
        throw new LetterboxError(
          'server-error',
          `The copy in "${payload.targetName}" could not be verified (it is not the same size), so the original was kept.`,
        );
      }
      return appended;
    });
    // A source already removed by someone else meanwhile is fine: the copy is there.
    await sessions.use(sourceAccountId, (session) => {
      if (session.expungeMessages === undefined) throw new LetterboxError('server-error', 'This connection cannot remove messages.');
      return session.expungeMessages(payload.folderPath, payload.uidValidity, [entry.uid]);
    });
    if (targetUid !== null) uidMap.push({ source: entry.uid, target: targetUid });
  }
  return { missingUids, uidMap };
}

function appendCommands(session: ImapSession) {
  const { appendMessage, findByMessageId, fetchHeadersByUid } = session;
  if (appendMessage === undefined || findByMessageId === undefined || fetchHeadersByUid === undefined) {
    throw new LetterboxError('server-error', 'This connection cannot store messages on the server.');
  }
  return { appendMessage, findByMessageId, fetchHeadersByUid };
}

// RFC 3501 2.3.2: the system flags the copy keeps, and every keyword.
function flagsOf(flags: { seen: boolean; flagged: boolean; answered: boolean; draft: boolean }, keywords: readonly string[]): readonly string[] {
  return [
    ...(flags.seen ? ['\\Seen'] : []),
    ...(flags.flagged ? ['\\Flagged'] : []),
    ...(flags.answered ? ['\\Answered'] : []),
    ...(flags.draft ? ['\\Draft'] : []),
    ...keywords,
  ];
}
