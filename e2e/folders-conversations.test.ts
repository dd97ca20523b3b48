// Folders, drag and drop, the conversation view, All Inboxes and the quota meter, end to
// end in Chromium against a real Dovecot. Another IMAP connection stands in for another
// device and checks what the server holds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, connectAs } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

type Mail = {
  readonly id: string;
  readonly from: string;
  readonly to?: string;
  readonly subject: string;
  readonly day: number;
  readonly replyTo?: readonly string[];
  readonly bodyBytes?: number;
};

// A reply names its parent in In-Reply-To and the whole chain in References (RFC 5322 3.6.4).
function mail(message: Mail): string {
  const parents = message.replyTo ?? [];
  const body = 'x'.repeat(message.bodyBytes ?? 40).replace(/(.{70})/g, '$1\r\n');
  return [
    `From: ${message.from}`,
    `To: ${message.to ?? 'Alice <alice@example.org>'}`,
    `Subject: ${message.subject}`,
    `Date: ${new Date(Date.UTC(2024, 4, message.day, 9)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.id}@e2e.test>`,
    ...(parents.length === 0 ? [] : [`In-Reply-To: <${parents.at(-1) ?? ''}@e2e.test>`, `References: ${parents.map((id) => `<${id}@e2e.test>`).join(' ')}`]),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

async function folderPaths(client: ImapFlow): Promise<readonly string[]> {
  return (await client.list()).map((folder) => folder.path);
}

async function subjectsIn(client: ImapFlow, path: string): Promise<readonly string[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    if (client.mailbox === false || client.mailbox.exists === 0) return [];
    return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.subject ?? '');
  } finally {
    lock.release();
  }
}

// Dovecot's quota for every user (RFC 9208 STORAGE, in KiB).
const quotaKib = 100;

describe('folders, drag and drop, conversations and All Inboxes in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let other: ImapFlow | undefined;
  let page: Page | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-folders-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([
      startDovecot({
        extraConfig: [
          'mail_plugins = $mail_plugins quota',
          'protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}',
          `plugin {\n  quota = maildir:User quota\n  quota_rule = *:storage=${quotaKib}K\n}`,
        ],
      }),
      launchChromium(),
    ]);
    const carol = 'Carol <carol@example.org>';
    await appendMessages(dovecot, 'alice', 'INBOX', [
      { raw: mail({ id: 'drag', from: carol, subject: 'Drag me', day: 1 }) },
      { raw: mail({ id: 'trip-1', from: carol, subject: 'Trip plans', day: 2 }) },
      { raw: mail({ id: 'trip-2', from: 'Dave <dave@example.org>', subject: 'Re: Trip plans', day: 3, replyTo: ['trip-1'] }) },
      { raw: mail({ id: 'invoice', from: 'Billing <billing@example.org>', subject: 'Invoice 42', day: 4 }) },
    ]);
    await appendMessages(dovecot, 'alice', 'Sent', [
      {
        raw: mail({ id: 'trip-3', from: 'Alice <alice@example.org>', to: carol, subject: 'Re: Trip plans', day: 5, replyTo: ['trip-1', 'trip-2'] }),
        flags: ['\\Seen'],
      },
    ]);
    await appendMessages(dovecot, 'alice', 'Projects', [{ raw: mail({ id: 'kickoff', from: carol, subject: 'Project kickoff', day: 1 }), flags: ['\\Seen'] }]);
    // bob's mailbox is nearly full: 95 of 100 KB.
    await appendMessages(dovecot, 'bob', 'INBOX', [
      { raw: mail({ id: 'filler', from: carol, to: 'Bob <bob@example.org>', subject: 'Old photos', day: 1, bodyBytes: 95_000 }), flags: ['\\Seen'] },
      { raw: mail({ id: 'bob-news', from: 'Erin <erin@example.org>', to: 'Bob <bob@example.org>', subject: 'Bob news', day: 6 }) },
    ]);
    other = await connectAs(dovecot, 'alice');
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
    page = await browser.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, dovecotAccount(dovecot, 'alice'));
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 30_000 });
  });

  after(async () => {
    await other?.logout().catch(() => undefined);
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('creates, renames and deletes a folder from the folder menu, as the server lists them', { timeout: 120_000 }, async () => {
    const current = page!;
    const client = other!;
    const folders = current.getByRole('tree', { name: 'Folders' });

    // The account's own row (its top left corner: the rest of its item holds its folders).
    await folders.getByRole('treeitem', { name: 'alice@example.org' }).click({ button: 'right', position: { x: 12, y: 8 } });
    await current.getByRole('menu', { name: 'Account actions' }).getByRole('menuitem', { name: 'New folder…' }).click();
    const create = current.getByRole('dialog', { name: 'New folder' });
    await create.getByLabel('Folder name').fill('Receipts');
    await create.getByRole('button', { name: 'Create' }).click();
    await eventually('the server lists Receipts', async () => (await folderPaths(client)).includes('Receipts'));

    await folders.getByRole('treeitem', { name: 'Receipts', exact: true }).click({ button: 'right' });
    await current.getByRole('menu', { name: 'Actions for Receipts' }).getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = current.getByRole('dialog', { name: 'Rename folder' });
    await rename.getByLabel('Folder name').fill('Receipts 2024');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await eventually('the server lists Receipts 2024 instead of Receipts', async () => {
      const paths = await folderPaths(client);
      return paths.includes('Receipts 2024') && !paths.includes('Receipts');
    });

    // Delete asks first (window.confirm); the user says yes.
    current.once('dialog', (dialog) => void dialog.accept());
    await folders.getByRole('treeitem', { name: 'Receipts 2024', exact: true }).click({ button: 'right' });
    await current.getByRole('menu', { name: 'Actions for Receipts 2024' }).getByRole('menuitem', { name: 'Delete…' }).click();
    await eventually('the server no longer lists Receipts 2024', async () => !(await folderPaths(client)).includes('Receipts 2024'));
    await folders.getByRole('treeitem', { name: 'Receipts 2024', exact: true }).waitFor({ state: 'detached' });
  });

  it('moves a message dragged onto a folder, on the server', { timeout: 120_000 }, async () => {
    const current = page!;
    const client = other!;
    const list = current.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Drag me/ }).dragTo(current.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Projects/ }));
    await list.getByRole('option', { name: /Drag me/ }).waitFor({ state: 'detached' });
    await eventually('the server has Drag me in Projects and no longer in INBOX', async () => {
      const [projects, inbox] = [await subjectsIn(client, 'Projects'), await subjectsIn(client, 'INBOX')];
      return projects.includes('Drag me') && !inbox.includes('Drag me');
    });
  });

  it('groups a reply thread into one conversation, keeps the choice, and shows both accounts in All Inboxes', { timeout: 180_000 }, async () => {
    const server = dovecot!;
    const current = page!;
    const list = () => current.getByRole('listbox', { name: 'Messages' });
    const trip = () => list().getByRole('option', { name: /Trip plans/ });

    // Conversations are the view a new install starts with.
    const toggle = current.getByRole('button', { name: 'Conversations' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

    // Two messages in the Inbox and the reply filed in Sent: one row, three messages, two unread.
    const head = list().getByRole('option', { name: /^2 unread, conversation of 3 messages, collapsed, Carol, Dave, Alice, Re: Trip plans/ });
    await head.waitFor({ timeout: 30_000 });
    assert.equal(await trip().count(), 1);
    await list().getByRole('option', { name: /Invoice 42/ }).waitFor();

    // A click opens the conversation: its other messages follow, the Sent one says where it is.
    await head.click();
    // It opens the head (Dave's reply), which marks it read.
    const reader = current.getByRole('region', { name: 'Message', exact: true });
    await reader.getByRole('heading', { name: 'Re: Trip plans' }).waitFor({ timeout: 30_000 });
    await reader.getByRole('button', { name: 'Mark as unread' }).waitFor({ timeout: 30_000 });
    await eventually('the conversation shows its three messages', async () => (await trip().count()) === 3);
    await list().getByRole('option', { name: /Alice, Re: Trip plans, .*in Sent$/ }).waitFor();
    await list().getByRole('option', { name: /conversation of 3 messages, expanded/ }).waitFor();
    // Left closes it again from the keyboard.
    await list().press('ArrowLeft');
    await eventually('the conversation is one row again', async () => (await trip().count()) === 1);

    // The user can turn it off, and the choice is kept in the settings: a reload shows the
    // plain list of the Inbox's messages.
    await toggle.click();
    await eventually('the toggle is off', async () => (await toggle.getAttribute('aria-pressed')) === 'false');
    await eventually('the list shows each message', async () => (await trip().count()) === 2);
    await current.reload();
    await current.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 30_000 });
    const reloaded = current.getByRole('button', { name: 'Conversations' });
    await list().getByRole('option', { name: /Invoice 42/ }).waitFor({ timeout: 30_000 });
    assert.equal(await reloaded.getAttribute('aria-pressed'), 'false');
    assert.equal(await trip().count(), 2);
    await reloaded.click();
    await list().getByRole('option', { name: /conversation of 3 messages, collapsed/ }).waitFor({ timeout: 30_000 });

    // A second account: All Inboxes appears above the accounts and lists both Inboxes.
    await current.getByRole('button', { name: 'New account' }).click();
    await submitAddAccount(current, dovecotAccount(server, 'bob'));
    const folders = current.getByRole('tree', { name: 'Folders' });
    const allInboxes = folders.getByRole('treeitem', { name: /^All Inboxes, \d+ unread$/ });
    await allInboxes.waitFor({ timeout: 30_000 });
    await allInboxes.click();
    await list().getByRole('option', { name: /Bob news/ }).waitFor({ timeout: 30_000 });
    await list().getByRole('option', { name: /Invoice 42/ }).waitFor();
    assert.equal(await trip().count(), 1, 'still one conversation in All Inboxes');
    // Alice's Inbox: Carol's first and the invoice unread (Dave's reply was opened); bob's: his news.
    await folders.getByRole('treeitem', { name: 'All Inboxes, 3 unread' }).waitFor({ timeout: 30_000 });

    // The server's quota (RFC 9208), per account: bob's mailbox is at 95% and warned about.
    const bobMeter = current.getByRole('meter', { name: 'Storage used by bob@example.org' });
    await bobMeter.waitFor({ timeout: 30_000 });
    assert.match((await bobMeter.getAttribute('aria-valuetext')) ?? '', /of 100 KB \(9\d%\), almost full$/);
    const aliceMeter = current.getByRole('meter', { name: 'Storage used by alice@example.org' });
    assert.doesNotMatch((await aliceMeter.getAttribute('aria-valuetext')) ?? '', /almost full/);
    assert.ok(Number(await aliceMeter.getAttribute('aria-valuenow')) < 10);

    // New mail (pushed by IDLE) is synced, and the meter is asked again after that sync.
    await appendMessages(server, 'alice', 'INBOX', [{ raw: mail({ id: 'big', from: 'Carol <carol@example.org>', subject: 'Big one', day: 7, bodyBytes: 60_000 }) }]);
    await eventually('alice\'s meter shows the new 60 KB', async () => Number(await aliceMeter.getAttribute('aria-valuenow')) >= 60, 60_000);
  });

  it('archives a whole collapsed conversation with e, on the server', { timeout: 120_000 }, async () => {
    const current = page!;
    const client = other!;
    const list = current.getByRole('listbox', { name: 'Messages' });
    // All Inboxes still lists it: its two Inbox messages are what the row stands for there.
    await list.getByRole('option', { name: /conversation of 3 messages, collapsed, .*Trip plans/ }).click();
    await list.getByRole('option', { name: /conversation of 3 messages, expanded/ }).waitFor();
    await list.press('ArrowLeft');
    await list.getByRole('option', { name: /conversation of 3 messages, collapsed/ }).waitFor();
    await list.press('e');
    await list.getByRole('option', { name: /Trip plans/ }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await eventually('both Inbox messages of the conversation are in Archive on the server, the reply stays in Sent', async () => {
      const [inbox, archive, sent] = [await subjectsIn(client, 'INBOX'), await subjectsIn(client, 'Archive'), await subjectsIn(client, 'Sent')];
      return (
        !inbox.some((subject) => subject.includes('Trip plans')) &&
        archive.filter((subject) => subject.includes('Trip plans')).length === 2 &&
        sent.includes('Re: Trip plans')
      );
    }, 60_000);
  });
});
