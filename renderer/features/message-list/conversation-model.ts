// The conversation view's rows and expansion, as pure functions of the rows main sends
// (listConversations: one head row per thread, an open thread's other messages after it).
import type { Address, MessageSummary } from '../../../shared/domain.ts';
import type { ConversationRow, ThreadInfo } from '../../../shared/threads/thread-types.ts';
import { rowLabel, senderText } from './row-label.ts';

export type ListRow = MessageSummary | ConversationRow;

export function threadOf(row: ListRow | null): ThreadInfo | null {
  return row !== null && 'thread' in row ? row.thread : null;
}

// The head row of a conversation of more than one message: the row that opens and closes it.
export function isConversationHead(row: ListRow | null): boolean {
  const thread = threadOf(row);
  return thread !== null && !thread.member && thread.size > 1;
}

// Open conversations are few: main refuses more than this many in one request.
export const maxExpanded = 1000;

export function withThreadOpen(expanded: ReadonlySet<string>, threadId: string, open: boolean): ReadonlySet<string> {
  if (expanded.has(threadId) === open) return expanded;
  const next = new Set(expanded);
  if (open) {
    next.add(threadId);
    // The oldest opened ones close first (a Set keeps insertion order).
    for (const id of next) {
      if (next.size <= maxExpanded) break;
      next.delete(id);
    }
  } else {
    next.delete(threadId);
  }
  return next;
}

export type ThreadKeyAction =
  | { readonly kind: 'expand'; readonly threadId: string }
  // headIndex: where the conversation's head row is, to select it as its members disappear.
  | { readonly kind: 'collapse'; readonly threadId: string; readonly headIndex: number }
  | { readonly kind: 'none' };

// Right opens a conversation, Left closes it from its head or any of its messages, as in
// a tree (WAI-ARIA APG) and Thunderbird's threaded list.
export function threadKeyAction(
  key: string,
  index: number,
  rowAt: (index: number) => ListRow | null,
  expanded: ReadonlySet<string>,
): ThreadKeyAction {
  const row = rowAt(index);
  const thread = threadOf(row);
  if (thread === null) return { kind: 'none' };
  if (key === 'ArrowRight' && isConversationHead(row) && !expanded.has(thread.id)) return { kind: 'expand', threadId: thread.id };
  if (key !== 'ArrowLeft' || !expanded.has(thread.id)) return { kind: 'none' };
  if (!thread.member) return { kind: 'collapse', threadId: thread.id, headIndex: index };
  return { kind: 'collapse', threadId: thread.id, headIndex: headIndexOf(index, rowAt) };
}

// The head row above a member row: members follow their head directly.
export function headIndexOf(index: number, rowAt: (index: number) => ListRow | null): number {
  const threadId = threadOf(rowAt(index))?.id;
  for (let at = index; at >= 0; at -= 1) {
    const thread = threadOf(rowAt(at));
    if (thread === null || thread.id !== threadId) return Math.max(0, at + 1);
    if (!thread.member) return at;
  }
  return 0;
}

function personName(person: Address): string {
  const name = person.name.trim();
  if (name.length > 0) return name;
  return person.address;
}

// "Carol, Dave, Me", or "Carol, Dave +3" when more wrote; the head's sender when main named none.
export function participantsText(row: ListRow, shown = 3): string {
  const people = threadOf(row)?.participants ?? [];
  if (people.length === 0) return senderText(row);
  const names = people.slice(0, shown).map(personName);
  return people.length > shown ? `${names.join(', ')} +${people.length - shown}` : names.join(', ');
}

// What a screen reader says for a row of the conversation view. A conversation's head says
// how many of its messages are unread ("2 unread") before anything else, as rowLabel does.
export function conversationRowLabel(row: ListRow, dateText: string): string {
  const thread = threadOf(row);
  if (thread === null || (!thread.member && thread.size <= 1)) return rowLabel(row, dateText);
  if (thread.member) {
    const label = rowLabel(row, dateText);
    return thread.folderName === null ? label : `${label}, in ${thread.folderName}`;
  }
  const parts = [
    thread.unreadCount > 0 ? `${thread.unreadCount} unread` : null,
    row.flags.flagged ? 'flagged' : null,
    `conversation of ${thread.size} messages`,
    thread.expanded ? 'expanded' : 'collapsed',
    participantsText(row, 6),
    row.subject.trim().length > 0 ? row.subject : '(no subject)',
    dateText.length > 0 ? dateText : null,
  ];
  return parts.filter((part): part is string => part !== null).join(', ');
}
