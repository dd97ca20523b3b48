import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageSummary } from '../../../shared/domain.ts';
import type { ConversationRow, ThreadInfo } from '../../../shared/threads/thread-types.ts';
import {
  conversationRowLabel,
  headIndexOf,
  isConversationHead,
  maxExpanded,
  participantsText,
  threadKeyAction,
  withThreadOpen,
  type ListRow,
} from './conversation-model.ts';

function summary(id: string, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    folderId: 'f1',
    accountId: 'a1',
    uid: Number(id),
    messageId: null,
    subject: 'Trip plans',
    from: { name: 'Carol', address: 'carol@example.org' },
    to: [],
    date: 1,
    size: 100,
    flags: { seen: true, flagged: false, answered: false, draft: false, deleted: false },
    keywords: [],
    hasAttachments: false,
    bodyState: 'headers',
    ...extra,
  };
}

function row(id: string, thread: Partial<ThreadInfo>, extra: Partial<MessageSummary> = {}): ConversationRow {
  return {
    ...summary(id, extra),
    thread: { id: 't1', size: 1, unreadCount: 0, expanded: false, member: false, folderName: null, participants: [], ...thread },
  };
}

// An open conversation of three (head 1, members 2 and 3) between two single messages.
const rows: readonly ListRow[] = [
  row('9', { id: 't9' }),
  row('1', { size: 3, expanded: true }),
  row('2', { size: 3, expanded: true, member: true }),
  row('3', { size: 3, expanded: true, member: true, folderName: 'Sent' }),
  row('7', { id: 't7' }),
];
const rowAt = (index: number) => rows[index] ?? null;

describe('conversation rows', () => {
  it('treats only the head of a conversation of several messages as a head', () => {
    assert.deepEqual(rows.map(isConversationHead), [false, true, false, false, false]);
    assert.equal(isConversationHead(summary('5')), false, 'a plain message list has no conversations');
  });

  it('finds the head above any member of an open conversation', () => {
    assert.equal(headIndexOf(3, rowAt), 1);
    assert.equal(headIndexOf(2, rowAt), 1);
    assert.equal(headIndexOf(1, rowAt), 1);
  });

  it('opens with Right on a closed head, and closes with Left from the head or a member', () => {
    const closed = new Set<string>();
    const open = new Set(['t1']);
    const collapsedRows = [row('1', { size: 3 })];
    assert.deepEqual(threadKeyAction('ArrowRight', 0, (index) => collapsedRows[index] ?? null, closed), { kind: 'expand', threadId: 't1' });
    assert.deepEqual(threadKeyAction('ArrowLeft', 1, rowAt, open), { kind: 'collapse', threadId: 't1', headIndex: 1 });
    assert.deepEqual(threadKeyAction('ArrowLeft', 3, rowAt, open), { kind: 'collapse', threadId: 't1', headIndex: 1 });
  });

  it('leaves single messages, open heads on Right and other keys alone', () => {
    const open = new Set(['t1']);
    assert.deepEqual(threadKeyAction('ArrowRight', 0, rowAt, open), { kind: 'none' });
    assert.deepEqual(threadKeyAction('ArrowRight', 1, rowAt, open), { kind: 'none' });
    assert.deepEqual(threadKeyAction('ArrowLeft', 0, rowAt, open), { kind: 'none' });
    assert.deepEqual(threadKeyAction('ArrowDown', 1, rowAt, open), { kind: 'none' });
    assert.deepEqual(threadKeyAction('ArrowLeft', 0, () => summary('5'), open), { kind: 'none' });
  });

  it('opens and closes conversations without changing a set that already says so', () => {
    const none = new Set<string>();
    const one = withThreadOpen(none, 't1', true);
    assert.deepEqual([...one], ['t1']);
    assert.equal(withThreadOpen(one, 't1', true), one);
    assert.deepEqual([...withThreadOpen(one, 't1', false)], []);
    assert.deepEqual(none.size, 0, 'the old set is not changed');
  });

  it('closes the conversation opened first once too many are open', () => {
    let open: ReadonlySet<string> = new Set();
    for (let index = 0; index <= maxExpanded; index += 1) open = withThreadOpen(open, `t${index}`, true);
    assert.equal(open.size, maxExpanded);
    assert.equal(open.has('t0'), false);
    assert.equal(open.has(`t${maxExpanded}`), true);
  });
});

describe('what a conversation row says', () => {
  const people = [
    { name: 'Carol', address: 'carol@example.org' },
    { name: '', address: 'dave@example.org' },
    { name: 'Me', address: 'me@example.org' },
    { name: 'Erin', address: 'erin@example.org' },
  ];

  it('names who wrote, shortening a long list', () => {
    assert.equal(participantsText(row('1', { size: 4, participants: people.slice(0, 3) })), 'Carol, dave@example.org, Me');
    assert.equal(participantsText(row('1', { size: 5, participants: people })), 'Carol, dave@example.org, Me +1');
    assert.equal(participantsText(row('1', { size: 1 })), 'Carol', 'the sender when main named nobody');
  });

  it('says how many are unread, how many there are and whether the conversation is open', () => {
    const head = row('1', { size: 3, unreadCount: 2, participants: people.slice(0, 2) }, { flags: { seen: false, flagged: true, answered: false, draft: false, deleted: false } });
    assert.equal(conversationRowLabel(head, '09:05'), '2 unread, flagged, conversation of 3 messages, collapsed, Carol, dave@example.org, Trip plans, 09:05');
    const read = row('1', { size: 3, expanded: true, participants: people.slice(0, 1) }, { subject: ' ' });
    assert.equal(conversationRowLabel(read, ''), 'conversation of 3 messages, expanded, Carol, (no subject)');
    assert.doesNotMatch(conversationRowLabel(read, ''), /unread/);
  });

  it('labels single messages as the plain list does, and members with the folder they are in', () => {
    assert.equal(conversationRowLabel(row('9', {}), '1 Jan'), 'Carol, Trip plans, 1 Jan');
    assert.equal(conversationRowLabel(rows[3]!, ''), 'Carol, Trip plans, in Sent');
    assert.equal(conversationRowLabel(rows[2]!, ''), 'Carol, Trip plans');
  });
});
