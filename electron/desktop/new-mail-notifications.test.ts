import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNewMailNotifications, type NewMail, type NotificationPolicy } from './new-mail-notifications.ts';

const policy: NotificationPolicy = { mutedAccountIds: [], mutedFolderIds: [], maxIndividual: 3 };

function mail(id: number, overrides: Partial<NewMail> = {}): NewMail {
  return {
    messageId: `m${id}`,
    accountId: 'a1',
    folderId: 'inbox1',
    folderRole: 'inbox',
    from: { name: `Sender ${id}`, address: `s${id}@example.com` },
    subject: `Subject ${id}`,
    date: 1_700_000_000_000 + id * 1000,
    seen: false,
    ...overrides,
  };
}

describe('planNewMailNotifications', () => {
  it('announces each new unread message, newest first, by sender and subject', () => {
    assert.deepEqual(planNewMailNotifications([mail(1), mail(2)], policy), [
      { kind: 'message', messageId: 'm2', folderId: 'inbox1', title: 'Sender 2', body: 'Subject 2' },
      { kind: 'message', messageId: 'm1', folderId: 'inbox1', title: 'Sender 1', body: 'Subject 1' },
    ]);
  });

  it('stays quiet about mail already read, in muted accounts or folders, and in junk, trash, sent or drafts', () => {
    const quiet = [
      mail(1, { seen: true }),
      mail(2, { accountId: 'muted-account' }),
      mail(3, { folderId: 'muted-folder' }),
      mail(4, { folderRole: 'junk' }),
      mail(5, { folderRole: 'trash' }),
      mail(6, { folderRole: 'sent' }),
      mail(7, { folderRole: 'drafts' }),
    ];
    assert.deepEqual(planNewMailNotifications(quiet, { ...policy, mutedAccountIds: ['muted-account'], mutedFolderIds: ['muted-folder'] }), []);
    assert.equal(planNewMailNotifications([mail(8, { folderRole: null })], policy).length, 1, 'ordinary folders do notify');
  });

  it('collapses more than the limit into one summary naming a few senders', () => {
    const burst = [mail(1), mail(2), mail(3), mail(4), mail(5, { from: mail(4).from })];
    assert.deepEqual(planNewMailNotifications(burst, policy), [
      {
        kind: 'summary',
        count: 5,
        messageIds: ['m5', 'm4', 'm3', 'm2', 'm1'],
        title: '5 new messages',
        body: 'From Sender 4, Sender 3, Sender 2 and 1 other',
      },
    ]);
    assert.equal(planNewMailNotifications([mail(1), mail(2), mail(3)], policy).length, 3, 'exactly the limit still notifies one by one');
  });

  it('names every sender in a summary when there are few of them', () => {
    const fromTwo = [1, 2, 3, 4].map((id) => mail(id, { from: { name: id % 2 === 0 ? 'Ann' : 'Bob', address: 'x@example.com' } }));
    assert.equal(planNewMailNotifications(fromTwo, policy)[0]?.body, 'From Ann and Bob');
  });

  it('announces a message reported twice only once', () => {
    assert.equal(planNewMailNotifications([mail(1), mail(1)], policy).length, 1);
  });

  it('falls back to the address, then to placeholders, and keeps the text to one bounded line', () => {
    const [byAddress, unknown] = planNewMailNotifications(
      [
        mail(2, { from: { name: ' ', address: 'ann@example.com' }, subject: 'Line one\r\nX-Injected: yes' }),
        mail(1, { from: null, subject: '   ', date: 1 }),
      ],
      policy,
    );
    assert.equal(byAddress?.title, 'ann@example.com');
    assert.equal(byAddress.body, 'Line one X-Injected: yes');
    assert.equal(unknown!.title, 'Unknown sender');
    assert.equal(unknown!.body, '(no subject)');
    const long = planNewMailNotifications([mail(1, { subject: 'y'.repeat(1000) })], policy)[0];
    assert.equal(long?.body.length, 200);
  });

  it('summarises everything when the limit is zero', () => {
    assert.equal(planNewMailNotifications([mail(1)], { ...policy, maxIndividual: 0 })[0]?.kind, 'summary');
  });
});
