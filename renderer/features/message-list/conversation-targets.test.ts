import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageSummary } from '../../../shared/domain.ts';
import type { ConversationRow, ThreadInfo } from '../../../shared/threads/thread-types.ts';
import { actionTarget, expandTargets, messagesByThread, selectionCountText, threadsOf } from './conversation-targets.ts';

const summary: MessageSummary = {
  id: '0',
  accountId: '1',
  folderId: '2',
  uid: 1,
  messageId: null,
  subject: 'Plan',
  from: { name: 'Carol', address: 'carol@example.org' },
  to: [],
  date: 0,
  size: 100,
  flags: { seen: true, flagged: false, answered: false, draft: false, deleted: false },
  keywords: [],
  hasAttachments: false,
  bodyState: 'headers',
};

function row(id: string, thread: Partial<ThreadInfo> | null): MessageSummary | ConversationRow {
  if (thread === null) return { ...summary, id };
  const info: ThreadInfo = { id: 't', size: 1, unreadCount: 0, expanded: false, member: false, folderName: null, participants: [], ...thread };
  return { ...summary, id, thread: info };
}

test('a collapsed conversation row stands for its conversation; other rows for their own message', () => {
  assert.deepEqual(actionTarget(row('10', { id: 't1', size: 3 }), new Set()), { messageId: '10', threadId: 't1' });
  // Opened: its messages are rows of their own, each acting on itself.
  assert.deepEqual(actionTarget(row('10', { id: 't1', size: 3 }), new Set(['t1'])), { messageId: '10', threadId: null });
  assert.deepEqual(actionTarget(row('11', { id: 't1', size: 3, member: true }), new Set(['t1'])), { messageId: '11', threadId: null });
  // A conversation of one message, and the flat list.
  assert.deepEqual(actionTarget(row('12', { id: 't2', size: 1 }), new Set()), { messageId: '12', threadId: null });
  assert.deepEqual(actionTarget(row('13', null), new Set()), { messageId: '13', threadId: null });
});

test('expands a selection of conversations and messages into every message id, each once, in the order chosen', () => {
  const targets = [
    { messageId: '10', threadId: 't1' },
    { messageId: '20', threadId: null },
    { messageId: '30', threadId: 't3' },
    // A message of t1 chosen as well (ctrl+A over an open conversation): not twice.
    { messageId: '9', threadId: null },
  ];
  assert.deepEqual(threadsOf(targets), ['t1', 't3']);
  const answer = messagesByThread([
    { threadId: 't1', messageIds: ['9', '10'] },
    { threadId: 't3', messageIds: ['28', '29', '30'] },
  ]);
  assert.deepEqual(expandTargets(targets, answer), ['9', '10', '20', '28', '29', '30']);
  assert.deepEqual(expandTargets(targets, answer, 4), ['9', '10', '20', '28'], 'never more than one request carries');
});

test('a conversation main no longer knows still acts on the row that was chosen', () => {
  assert.deepEqual(expandTargets([{ messageId: '10', threadId: 't1' }], new Map()), ['10']);
  assert.deepEqual(expandTargets([{ messageId: '10', threadId: 't1' }], new Map([['t1', []]])), ['10']);
});

test('counts a selection by conversations and messages', () => {
  assert.equal(selectionCountText([{ messageId: '1', threadId: null }, { messageId: '2', threadId: null }]), '2 messages selected');
  assert.equal(selectionCountText([{ messageId: '1', threadId: 't' }, { messageId: '2', threadId: 'u' }]), '2 conversations selected');
  assert.equal(selectionCountText([{ messageId: '1', threadId: 't' }, { messageId: '2', threadId: null }]), '1 conversation and 1 message selected');
});
