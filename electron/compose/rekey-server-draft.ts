import { LetterboxError } from '../../shared/errors.ts';
import type { InteractiveSessions } from '../service/interactive-sessions.ts';

export type ServerDraftCopy = {
  readonly accountId: string;
  readonly path: string;
  readonly uidValidity: number;
  readonly uid: number;
  readonly source: Buffer;
};

// A draft another client left in Drafts without a Message-ID cannot be found again by one,
// so each autosave would add a copy beside it. On reopening, it is given one: the same
// bytes with a Message-ID header in front are APPENDed, then the old copy is removed by
// its UID, checked against the UIDVALIDITY it was read in (RFC 3501 2.3.1.1), so a reset
// folder is never touched. From then on it is replaced like any draft of ours. Returns the
// new copy's UID when the server says it (RFC 4315 APPENDUID).
export async function rekeyServerDraft(sessions: Pick<InteractiveSessions, 'use'>, copy: ServerDraftCopy, messageId: string): Promise<number | null> {
  // RFC 5322 3.6.4; the header goes first, so nothing of the original changes.
  const raw = Buffer.concat([Buffer.from(`Message-ID: ${messageId}\r\n`, 'latin1'), copy.source]);
  return sessions.use(copy.accountId, async (session, retried) => {
    const { appendMessage, findByMessageId, expungeMessages } = session;
    if (appendMessage === undefined || findByMessageId === undefined || expungeMessages === undefined) {
      throw new LetterboxError('server-error', 'This connection cannot change drafts on the server.');
    }
    // A retry after a lost connection may find the new copy already stored.
    const stored = retried ? await findByMessageId(copy.path, messageId) : [];
    const uid = stored.length > 0 ? Math.max(...stored) : (await appendMessage(copy.path, raw, ['\\Draft', '\\Seen'])).uid;
    await expungeMessages(copy.path, copy.uidValidity, [copy.uid]);
    return uid;
  });
}
