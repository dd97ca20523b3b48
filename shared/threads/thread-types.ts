import type { Address, MessageSummary } from '../domain.ts';

// A row of the conversation view: a thread's newest message in the listed folder (the
// thread's head), or, while the thread is expanded, one of its other messages from any
// folder of the account (a reply in Sent shows in the Inbox's conversation).
export type ThreadInfo = {
  readonly id: string;
  // Messages in the conversation (Trash and Junk left out unless they are the listed folder).
  readonly size: number;
  readonly unreadCount: number;
  readonly expanded: boolean;
  // false on the head row, true on the rows an expanded thread shows under it.
  readonly member: boolean;
  // The folder the message is in, for rows from a folder other than the listed one.
  readonly folderName: string | null;
  // Who wrote in the conversation, in the order they first did, at most maxParticipants.
  readonly participants: readonly Address[];
};

export const maxParticipants = 6;

export type ConversationRow = MessageSummary & { readonly thread: ThreadInfo };

export type ConversationPage = {
  readonly total: number;
  readonly offset: number;
  readonly items: readonly ConversationRow[];
};

// A conversation's messages in a listed folder's scope (listConversationMessageIds).
export type ConversationMessages = { readonly threadId: string; readonly messageIds: readonly string[] };
