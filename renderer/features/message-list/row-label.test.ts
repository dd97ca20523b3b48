import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageSummary } from '../../../shared/domain.ts';
import { rowLabel, senderText } from './row-label.ts';

function summary(extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id: 'm1',
    folderId: 'f1',
    accountId: 'a1',
    uid: 1,
    messageId: null,
    subject: 'Quarterly report',
    from: { name: 'Ada Lovelace', address: 'ada@example.org' },
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

describe('rowLabel', () => {
  it('holds the sender and subject of a read message without the word unread', () => {
    const label = rowLabel(summary(), '09:05');
    assert.equal(label, 'Ada Lovelace, Quarterly report, 09:05');
    assert.doesNotMatch(label, /unread/);
  });

  it('says unread and flagged first when they apply', () => {
    const label = rowLabel(
      summary({ flags: { seen: false, flagged: true, answered: false, draft: false, deleted: false }, hasAttachments: true }),
      '',
    );
    assert.equal(label, 'unread, flagged, Ada Lovelace, Quarterly report, has attachments');
  });

  it('falls back to the address, and names a missing subject', () => {
    const label = rowLabel(summary({ from: { name: ' ', address: 'bob@example.org' }, subject: '' }), '1 Jan');
    assert.equal(label, 'bob@example.org, (no subject), 1 Jan');
    assert.equal(senderText(summary({ from: null })), '(no sender)');
  });
});
