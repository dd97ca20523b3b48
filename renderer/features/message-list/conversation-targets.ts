// What a list command acts on. A collapsed conversation's row stands for every message of
// the conversation in the listed folder (Gmail's and Thunderbird's conversation views do the
// same); an expanded conversation shows its messages as rows, each acting on itself.
import type { ConversationMessages } from '../../../shared/threads/thread-types.ts';
import type { ListRow } from './conversation-model.ts';
import { isConversationHead, threadOf } from './conversation-model.ts';

// threadId: the conversation the row stood for when it was chosen, null for one message.
export type ActionTarget = { readonly messageId: string; readonly threadId: string | null };

export function actionTarget(row: ListRow, expanded: ReadonlySet<string>): ActionTarget {
  const thread = threadOf(row);
  const collapsed = thread !== null && isConversationHead(row) && !expanded.has(thread.id);
  return { messageId: row.id, threadId: collapsed ? thread.id : null };
}

// The conversations whose messages must be asked for (listConversationMessageIds).
export function threadsOf(targets: Iterable<ActionTarget>): readonly string[] {
  const threads = new Set<string>();
  for (const target of targets) if (target.threadId !== null) threads.add(target.threadId);
  return [...threads];
}

// listConversationMessageIds' answer, by conversation.
export function messagesByThread(answer: readonly ConversationMessages[]): ReadonlyMap<string, readonly string[]> {
  return new Map(answer.map((entry) => [entry.threadId, entry.messageIds]));
}

// Every message id the targets stand for, each once, in the order chosen. `messagesOf` maps
// a conversation to its messages in the listed folder; a conversation it does not name (gone
// since it was listed) still acts on the row that was chosen.
export function expandTargets(
  targets: Iterable<ActionTarget>,
  messagesOf: ReadonlyMap<string, readonly string[]>,
  limit = Number.MAX_SAFE_INTEGER,
): readonly string[] {
  const ids = new Set<string>();
  for (const target of targets) {
    const members = target.threadId === null ? undefined : messagesOf.get(target.threadId);
    for (const id of members === undefined || members.length === 0 ? [target.messageId] : members) {
      if (ids.size >= limit) return [...ids];
      ids.add(id);
    }
  }
  return [...ids];
}

// "2 conversations and 1 message selected": a collapsed conversation is one choice.
export function selectionCountText(targets: Iterable<ActionTarget>): string {
  let conversations = 0;
  let messages = 0;
  for (const target of targets) {
    if (target.threadId === null) messages += 1;
    else conversations += 1;
  }
  const parts = [
    conversations > 0 ? `${conversations} ${conversations === 1 ? 'conversation' : 'conversations'}` : null,
    messages > 0 || conversations === 0 ? `${messages} ${messages === 1 ? 'message' : 'messages'}` : null,
  ].filter((part): part is string => part !== null);
  return `${parts.join(' and ')} selected`;
}
