import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, type NotificationSettings } from '../../shared/settings/settings.ts';
import { decideNewMailNotifications, plainText, type NewMailSituation } from './new-mail-decision.ts';
import type { NewMail } from './new-mail-notifications.ts';

function mail(index: number, overrides: Partial<NewMail> = {}): NewMail {
  return {
    messageId: String(index),
    accountId: 'a1',
    folderId: 'inbox-1',
    folderRole: 'inbox',
    from: { name: `Sender ${index}`, address: `s${index}@example.org` },
    subject: `Subject ${index}`,
    date: 1000 + index,
    seen: false,
    ...overrides,
  };
}

function situation(settings: Partial<NotificationSettings> = {}, focusedFolderId: string | null = null): NewMailSituation {
  return {
    settings: { ...DEFAULT_SETTINGS.notifications, ...settings },
    focusedFolderId,
    accountLabel: (id) => (id === 'a1' ? 'Work' : 'Home'),
  };
}

describe('decideNewMailNotifications', () => {
  it('announces one new Inbox message with its sender as title and subject as body', () => {
    assert.deepEqual(decideNewMailNotifications([mail(1)], situation()), [
      { title: 'Sender 1', body: 'Subject 1', accountId: 'a1', folderId: 'inbox-1', messageId: '1', count: 1 },
    ]);
  });

  it('collapses five messages arriving together into one "5 new messages" that opens the newest', () => {
    const result = decideNewMailNotifications([1, 2, 3, 4, 5].map((index) => mail(index)), situation());
    assert.deepEqual(result, [
      { title: '5 new messages', body: 'From Sender 5, Sender 4, Sender 3 and 2 others', accountId: 'a1', folderId: 'inbox-1', messageId: '5', count: 5 },
    ]);
  });

  it('says nothing when notifications are off, or for a muted account', () => {
    assert.deepEqual(decideNewMailNotifications([mail(1)], situation({ enabled: false })), []);
    assert.deepEqual(decideNewMailNotifications([mail(1)], situation({ mutedAccountIds: ['a1'] })), []);
    assert.equal(decideNewMailNotifications([mail(1, { accountId: 'a2' })], situation({ mutedAccountIds: ['a1'] })).length, 1);
  });

  it('says nothing about mail in the folder a focused window shows', () => {
    assert.deepEqual(decideNewMailNotifications([mail(1)], situation({}, 'inbox-1')), []);
    assert.equal(decideNewMailNotifications([mail(1)], situation({}, 'other-folder')).length, 1);
  });

  it('announces only unread mail in an Inbox', () => {
    const result = decideNewMailNotifications(
      [mail(1, { seen: true }), mail(2, { folderRole: null, folderId: 'lists' }), mail(3, { folderRole: 'junk', folderId: 'junk' })],
      situation(),
    );
    assert.deepEqual(result, []);
  });

  it('keeps sender and subject out of a private notification', () => {
    assert.deepEqual(
      decideNewMailNotifications([mail(1)], situation({ content: 'private' })).map(({ title, body }) => ({ title, body })),
      [{ title: 'New message', body: 'For Work' }],
    );
    const many = decideNewMailNotifications([1, 2, 3, 4].map((index) => mail(index)), situation({ content: 'private' }));
    assert.deepEqual(many.map(({ title, body }) => ({ title, body })), [{ title: '4 new messages', body: 'For Work' }]);
  });

  it('gives one notification per Inbox when two accounts receive mail together', () => {
    const result = decideNewMailNotifications([mail(1), mail(2, { accountId: 'a2', folderId: 'inbox-2' })], situation());
    assert.deepEqual(result.map((item) => item.folderId).sort(), ['inbox-1', 'inbox-2']);
  });

  it('turns subjects into one line of plain text without control or bidi characters', () => {
    const [result] = decideNewMailNotifications([mail(1, { subject: 'Pay\u202Efdp.exe\r\n<b>now</b>\u0007' })], situation());
    assert.equal(result?.body, 'Payfdp.exe <b>now</b>');
    assert.equal(plainText('  a\tb\u2066c  '), 'a bc');
  });
});
