import type { SQLInputValue } from 'node:sqlite';
import type { MessageFlags } from '../../shared/domain.ts';
import type { RemoteHeader } from '../imap/imap-types.ts';

// A header's envelope columns of `messages`, in their order there (message_id to size): the
// same for a synced header (message-repository.ts) and a Local Folders one (local-repository.ts).
export function envelopeColumnValues(
  header: Pick<RemoteHeader, 'messageId' | 'date' | 'internalDate' | 'from' | 'to' | 'cc' | 'replyTo' | 'subject' | 'size'>,
): SQLInputValue[] {
  return [
    header.messageId,
    header.date,
    header.internalDate,
    header.from === null ? null : JSON.stringify(header.from),
    JSON.stringify(header.to),
    JSON.stringify(header.cc),
    JSON.stringify(header.replyTo),
    header.subject,
    header.size,
  ];
}

// The system flags' columns (seen to deleted), as SQLite stores booleans.
export function flagColumnValues(flags: MessageFlags): [number, number, number, number, number] {
  return [flags.seen ? 1 : 0, flags.flagged ? 1 : 0, flags.answered ? 1 : 0, flags.draft ? 1 : 0, flags.deleted ? 1 : 0];
}
