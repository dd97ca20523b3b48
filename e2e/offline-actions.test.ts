// Changes made with the network cut survive a restart and reach the server exactly once it
// is back: browser mode talks to Dovecot through a TCP proxy (test/servers/tcp-proxy.ts)
// that the test cuts; a second IMAP client checks the server's final state.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage } from '../test/servers/seed.ts';
import { startTcpProxy, type TcpProxy } from '../test/servers/tcp-proxy.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { submitAddAccount } from './support/add-account-form.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();
const COUNT = 8;
const dayMs = 86_400_000;

// subject -> sorted flags, for every message of the folder.
async function folderState(client: ImapFlow, path: string): Promise<Record<string, string>> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    await client.noop();
    if (client.mailbox === false || client.mailbox.exists === 0) return {};
    const messages = await client.fetchAll('1:*', { flags: true, envelope: true });
    return Object.fromEntries(
      messages.map((message) => [
        message.envelope?.subject ?? '',
        [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort().join(' '),
      ]),
    );
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

// The store's own answer to "are the bodies in?", read beside the running app (WAL allows it).
// How many of the seeded messages the store holds with their bodies. Counting the ones still
// without would read 0 before the first header batch is stored, and the test then went
// offline with nothing downloaded (it failed so under load, in CI and here).
function bodiesDownloaded(dataDir: string): number {
  const database = new DatabaseSync(join(dataDir, 'letterbox.sqlite'), { readOnly: true });
  try {
    const row = database.prepare("SELECT COUNT(*) AS n FROM messages WHERE body_state = 'full' AND subject LIKE 'Task %'").get();
    return Number(row?.n ?? -1);
  } finally {
    database.close();
  }
}

describe('offline actions through a cut network, a restart, and back', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let proxy: TcpProxy | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let other: ImapFlow | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-offline-'));
  const dataDir = join(workDir, 'data');

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    const now = Date.now();
    // Recent mail: the default offline policy (last 30 days) downloads it, so it opens offline.
    await appendMessages(
      dovecot,
      'alice',
      'INBOX',
      Array.from({ length: COUNT }, (_, index) => {
        const date = new Date(now - (COUNT - index) * dayMs);
        return { raw: generateMessage(index + 1, { kind: 'plain', subject: `Task ${index + 1}`, date }), internalDate: date };
      }),
    );
    proxy = await startTcpProxy(dovecot.host, dovecot.imapsPort);
    other = await connectAs(dovecot, 'alice');
  });

  after(async () => {
    await other?.logout().catch(() => undefined);
    await app?.stop();
    await browser?.close();
    await proxy?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function open(page: Page, subject: string): Promise<void> {
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: new RegExp(`${subject}\\b`) }).click();
    const reader = page.getByRole('region', { name: 'Message', exact: true });
    await reader.getByRole('heading', { name: subject }).waitFor();
    // Opening marks it read, through the queue.
    await reader.getByRole('button', { name: 'Mark as unread' }).waitFor();
  }

  it('keeps read, flag, move and delete made offline across a restart, then the server ends in exactly that state', async () => {
    const server = dovecot!;
    const cut = proxy!;
    const client = other!;
    const before = {
      INBOX: await folderState(client, 'INBOX'),
      Archive: await folderState(client, 'Archive'),
      Trash: await folderState(client, 'Trash'),
    };
    assert.equal(Object.keys(before.INBOX).length, COUNT);

    app = await startBrowserMode(dataDir, server.caCertificate);
    let page = await browser!.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, {
      email: 'alice@example.org',
      password: server.user('alice').password,
      host: cut.host,
      port: cut.port,
      username: 'alice',
    });

    let folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: `Inbox, ${COUNT} unread` }).click({ timeout: 20_000 });
    await eventually('the bodies are downloaded', () => bodiesDownloaded(dataDir) === COUNT, 20_000);
    // The policy that downloaded them, as the account settings show it.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Offline' }).click();
    const offlineForm = settings.getByRole('form', { name: /^Offline reading for / });
    const policy = offlineForm.getByRole('combobox', { name: 'Offline reading' });
    await policy.waitFor();
    assert.equal(await policy.inputValue(), 'recent');
    assert.equal(await offlineForm.getByRole('spinbutton', { name: 'Days' }).inputValue(), '30');
    await offlineForm.getByRole('button', { name: 'Save' }).click();
    await offlineForm.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    await settings.getByRole('button', { name: 'Close' }).click();
    await settings.waitFor({ state: 'detached' });

    // The network goes: every connection is cut and new ones are refused.
    cut.setMode('refuse');
    cut.cutAll();

    const reader = page.getByRole('region', { name: 'Message', exact: true });
    for (const subject of ['Task 1', 'Task 2', 'Task 3']) await open(page, subject);
    for (const subject of ['Task 1', 'Task 2']) {
      await open(page, subject);
      await reader.getByRole('button', { name: 'Flag', exact: true }).click();
      await reader.getByRole('button', { name: 'Unflag' }).waitFor();
    }
    await open(page, 'Task 4');
    await reader.getByRole('button', { name: 'Move to…' }).click();
    await reader.getByRole('menuitem', { name: 'Archive' }).click();
    await open(page, 'Task 5');
    await reader.getByRole('button', { name: 'Delete' }).click();
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Task 5\b/ }).waitFor({ state: 'detached' });
    await page.getByText(/changes? waiting to sync/).waitFor();

    // A restart while still offline: the changes are in the store and in the queue.
    await page.close();
    await app.stop();
    app = await startBrowserMode(dataDir, server.caCertificate);
    page = await browser!.newPage();
    await page.goto(app.url);
    folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: 'Inbox, 3 unread' }).click({ timeout: 20_000 });
    await page.getByText(/changes? waiting to sync/).waitFor();
    const restarted = page.getByRole('listbox', { name: 'Messages' });
    await restarted.getByRole('option', { name: /Task 8\b/ }).waitFor();
    assert.equal(await restarted.getByRole('option', { name: /Task 4\b/ }).count(), 0);
    assert.equal(await restarted.getByRole('option', { name: /Task 5\b/ }).count(), 0);
    await open(page, 'Task 2');
    await page.getByRole('region', { name: 'Message', exact: true }).getByRole('button', { name: 'Unflag' }).waitFor();
    await folders.getByRole('treeitem', { name: /^Archive/ }).click();
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: /Task 4\b/ }).waitFor();
    // Nothing reached the server while it was cut off.
    assert.deepEqual(await folderState(client, 'INBOX'), before.INBOX);

    // The network is back: the queue drains and the server matches what the user did.
    cut.setMode('forward');
    const expected = {
      INBOX: { ...before.INBOX, 'Task 1': '\\Flagged \\Seen', 'Task 2': '\\Flagged \\Seen', 'Task 3': '\\Seen' },
      Archive: { ...before.Archive, 'Task 4': '\\Seen' },
      Trash: { ...before.Trash, 'Task 5': '\\Seen' },
    };
    delete (expected.INBOX as Record<string, string>)['Task 4'];
    delete (expected.INBOX as Record<string, string>)['Task 5'];
    let seen: unknown = null;
    // The reconnect backoff after the restart may have grown to 30 s or more (1, 2, 4, 8, 16 s,
    // each half of it random) by the time the network is back, when the machine is loaded.
    await eventually('the server holds exactly the changes made offline', async () => {
      seen = {
        INBOX: await folderState(client, 'INBOX'),
        Archive: await folderState(client, 'Archive'),
        Trash: await folderState(client, 'Trash'),
      };
      return JSON.stringify(seen) === JSON.stringify(expected);
    }, 120_000).catch((error: unknown) => {
      assert.deepEqual(seen, expected);
      throw error;
    });
    await page.getByText(/changes? waiting to sync/).waitFor({ state: 'detached', timeout: 30_000 });
    await folders.getByRole('treeitem', { name: 'Inbox, 3 unread' }).waitFor();
  });
});
