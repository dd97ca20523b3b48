// New-mail notifications from the real service over Dovecot: mail delivered while the Inbox
// is idled becomes newMailNotification events as the settings and the window's focus say,
// and Settings → Accounts changes an account only after its new login works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../shared/domain.ts';
import type { AppSettings, NewMailNotification } from '../../shared/settings/settings.ts';
import { makeTempDir } from '../../electron/store/test-fixtures.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate, type SeedMessage } from '../servers/seed.ts';
import { addAliceAccount, eventually, startServiceHarness, type ServiceHarness } from '../servers/service-harness.ts';

// Generous: IDLE, the push debounce, the sync and the notifier's batch, on a busy machine.
const ARRIVAL_MS = 15_000;
// Longer than the notifier's batch (750 ms), so a decision about mail already stored is made.
const SETTLE_MS = 2_000;

function delivery(i: number, subject: string, from = 'Bob Example <bob@example.org>', flags?: readonly string[]): SeedMessage {
  return { raw: generateMessage(i, { kind: 'plain', subject, from }), internalDate: seedDate(i), ...(flags ? { flags } : {}) };
}

describe('new-mail notifications', { skip: dovecotSkipReason() }, () => {
  let server: DovecotServer;
  let dataDir: ReturnType<typeof makeTempDir>;
  let harness: ServiceHarness;
  let account: Account;
  const notifications: NewMailNotification[] = [];
  const settingsEvents: AppSettings[] = [];

  before(async () => {
    server = await startDovecot();
    await appendMessages(server, 'alice', 'INBOX', [1, 2, 3].map((i) => delivery(i, `Old mail ${i}`)));
    dataDir = makeTempDir();
    harness = startServiceHarness(server, { dataDir: dataDir.path, sync: { checkIntervalMs: 600_000 } });
    harness.service.subscribe((event, payload) => {
      if (event === 'newMailNotification') notifications.push(payload as NewMailNotification);
      if (event === 'settingsChanged') settingsEvents.push(payload as AppSettings);
    });
    account = await addAliceAccount(harness, server);
    await harness.request('syncAccount', { accountId: account.id });
  });

  after(async () => {
    await harness.close();
    await server.stop();
    dataDir.remove();
  });

  async function inboxId(): Promise<string> {
    return (await harness.folderByPath(account.id, 'INBOX')).id;
  }

  async function stored(subject: string): Promise<string> {
    let id = '';
    await eventually(async () => {
      const found = (await harness.allMessages(await inboxId())).find((message) => message.subject === subject);
      assert.ok(found, `${subject} is in the store`);
      id = found.id;
    }, ARRIVAL_MS);
    return id;
  }

  async function nextNotification(from: number): Promise<NewMailNotification> {
    await eventually(() => {
      assert.ok(notifications.length > from, 'a notification was emitted');
      return Promise.resolve();
    }, ARRIVAL_MS);
    return notifications[from]!;
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }

  it('announces nothing for the first sync of the account', async () => {
    await settle();
    assert.deepEqual(notifications, []);
  });

  it('announces one delivered message by sender and subject, as plain text, opening that message', async () => {
    // The IDLE connection opens just after the first sync.
    await settle();
    await appendMessages(server, 'alice', 'INBOX', [delivery(10, 'Lunch <b>today</b>?')]);
    const notification = await nextNotification(0);
    assert.equal(notification.title, 'Bob Example');
    assert.equal(notification.body, 'Lunch <b>today</b>?');
    assert.equal(notification.count, 1);
    assert.equal(notification.folderId, await inboxId());
    assert.equal(notification.messageId, await stored('Lunch <b>today</b>?'));
  });

  it('collapses five messages delivered together into "5 new messages"', async () => {
    const before = notifications.length;
    await appendMessages(server, 'alice', 'INBOX', [11, 12, 13, 14, 15].map((i) => delivery(i, `Batch ${i}`, `Sender ${i} <s${i}@example.org>`)));
    const notification = await nextNotification(before);
    assert.equal(notification.title, '5 new messages');
    assert.match(notification.body, /^From Sender 1[1-5], /);
    assert.equal(notification.messageId, await stored('Batch 15'));
    await settle();
    assert.equal(notifications.length, before + 1);
  });

  it('says nothing of mail already read elsewhere, mail for a muted account, or mail in the folder a focused window shows', async () => {
    const before = notifications.length;
    await appendMessages(server, 'alice', 'INBOX', [delivery(20, 'Read on the phone', undefined, ['\\Seen'])]);
    await stored('Read on the phone');
    await settle();

    const muted = await harness.request('setAccountNotifications', { accountId: account.id, enabled: false });
    assert.deepEqual(muted.notifications.mutedAccountIds, [account.id]);
    assert.deepEqual(settingsEvents.at(-1), muted);
    await appendMessages(server, 'alice', 'INBOX', [delivery(21, 'While muted')]);
    await stored('While muted');
    await settle();
    await harness.request('setAccountNotifications', { accountId: account.id, enabled: true });

    await harness.request('setViewedFolder', { folderId: await inboxId() });
    await harness.request('setWindowFocus', { focused: true });
    await appendMessages(server, 'alice', 'INBOX', [delivery(22, 'Seen on screen')]);
    await stored('Seen on screen');
    await settle();
    assert.equal(notifications.length, before, JSON.stringify(notifications.slice(before)));

    // The same folder in a window without the focus is announced again.
    await harness.request('setWindowFocus', { focused: false });
    await appendMessages(server, 'alice', 'INBOX', [delivery(23, 'Window in the background')]);
    assert.equal((await nextNotification(before)).body, 'Window in the background');
    await harness.request('setViewedFolder', { folderId: null });
  });

  it('hides sender and subject in private mode', async () => {
    const settings = await harness.request('updateSettings', { notifications: { content: 'private' } });
    assert.equal(settings.notifications.content, 'private');
    const before = notifications.length;
    await appendMessages(server, 'alice', 'INBOX', [delivery(30, 'Very private matter')]);
    const notification = await nextNotification(before);
    assert.deepEqual({ title: notification.title, body: notification.body }, { title: 'New message', body: 'For Alice' });
    await harness.request('updateSettings', { notifications: { content: 'sender-and-subject' } });
  });

  it('renames an account, and refuses a wrong password without changing the stored one', async () => {
    const renamed = await harness.request('updateAccount', { accountId: account.id, name: 'Alice at work' });
    assert.equal(renamed.name, 'Alice at work');
    const refused = await harness.service.dispatch('updateAccount', { accountId: account.id, password: 'not-the-password' });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'auth-failed');
    // The old password still signs in.
    await harness.request('syncAccount', { accountId: account.id });
    const moved = await harness.service.dispatch('updateAccount', {
      accountId: account.id,
      incoming: { host: server.host, port: 1, security: 'tls', username: 'alice' },
    });
    assert.equal(moved.ok, false);
    assert.deepEqual((await harness.request('listAccounts', {})).find((item) => item.id === account.id)?.incoming, account.incoming);
    // The right password is tried, stored, and the account syncs and announces again.
    const updated = await harness.request('updateAccount', { accountId: account.id, password: server.user('alice').password });
    assert.equal(updated.name, 'Alice at work');
    const before = notifications.length;
    await settle();
    await appendMessages(server, 'alice', 'INBOX', [delivery(40, 'After the new password')]);
    assert.equal((await nextNotification(before)).body, 'After the new password');
  });
});
