// Message actions end to end: a click in Chromium, the queue in browser mode, the change
// on Dovecot as another device sees it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, connectAs, generateMessage, seedDate } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

async function flagsOf(client: ImapFlow, path: string): Promise<ReadonlyMap<string, readonly string[]>> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    if (client.mailbox === false || client.mailbox.exists === 0) return new Map();
    const messages = await client.fetchAll('1:*', { flags: true, envelope: true });
    return new Map(
      messages.map((message) => [message.envelope?.subject ?? '', [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort()]),
    );
  } finally {
    lock.release();
    await client.mailboxClose();
  }
}

describe('message actions in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let other: ImapFlow | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-actions-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(
      dovecot,
      'alice',
      'INBOX',
      [1, 2].map((i) => ({ raw: generateMessage(i, { kind: 'plain', subject: `Plan ${i}` }), internalDate: seedDate(i) })),
    );
    other = await connectAs(dovecot, 'alice');
  });

  after(async () => {
    await other?.logout().catch(() => undefined);
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('opens a message (read), flags it, deletes another; another client sees all three', async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);

    await submitAddAccount(page, dovecotAccount(server, 'alice'));

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: 'Inbox, 2 unread' }).click({ timeout: 20_000 });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Plan 1/ }).click();
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: 'Plan 1' }).waitFor();
    // Opening marks it read: the button offers the opposite, and the folder's count drops.
    await reader.getByRole('button', { name: 'Mark as unread' }).waitFor();
    await folders.getByRole('treeitem', { name: 'Inbox, 1 unread' }).waitFor();
    await reader.getByRole('button', { name: 'Flag', exact: true }).click();
    await reader.getByRole('button', { name: 'Unflag' }).waitFor();

    await list.getByRole('option', { name: /Plan 2/ }).click();
    await reader.getByRole('heading', { name: 'Plan 2' }).waitFor();
    await reader.getByRole('button', { name: 'Delete' }).click();
    await list.getByRole('option', { name: /Plan 2/ }).waitFor({ state: 'detached' });

    const client = other!;
    await eventually('the server has Plan 1 read and flagged and Plan 2 in the Trash', async () => {
      const inbox = await flagsOf(client, 'INBOX');
      const trash = await flagsOf(client, 'Trash');
      return (
        JSON.stringify(inbox.get('Plan 1')) === JSON.stringify(['\\Flagged', '\\Seen']) && !inbox.has('Plan 2') && trash.has('Plan 2')
      );
    });
    await page.getByText(/changes? waiting to sync/).waitFor({ state: 'detached' });
  });
});
