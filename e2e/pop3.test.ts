// POP3 end to end: add a POP3 account through the form, see its mail in Local Folders, and
// read it with Dovecot stopped (Local Folders are files on this computer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

describe('POP3 mail in Local Folders, in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-pop3-'));
  const dataDir = join(workDir, 'data');

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'bob', 'INBOX', [
      { raw: generateMessage(1, { kind: 'plain', subject: 'Harbour walk on Sunday' }) },
      { raw: generateMessage(2, { kind: 'plain', subject: 'Invoice for October' }) },
    ]);
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function openApp(): Promise<Page> {
    app = await startBrowserMode(dataDir, dovecot!.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);
    return page;
  }

  it('adds a POP3 account through the form and reads its mail from Local Folders, also offline', async () => {
    const server = dovecot!;
    const bob = server.user('bob');
    const page = await openApp();

    const form = page.getByRole('form', { name: 'Add account' });
    await form.getByLabel('Email address').fill('bob@example.org');
    await form.getByLabel('Password').fill(bob.password);
    await form.getByLabel('Protocol').selectOption({ label: 'POP3' });
    await form.getByLabel('Incoming server').fill(server.host);
    await form.getByLabel('Security').selectOption({ label: 'TLS' });
    await form.getByLabel('Incoming port').fill(String(server.pop3sPort));
    await form.getByLabel('Username').fill(bob.username);
    await form.getByRole('checkbox', { name: 'Leave messages on the server' }).waitFor();
    await form.getByRole('button', { name: 'Add account', exact: true }).click();

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Local Folders/ }).waitFor({ timeout: 20_000 });
    await folders.getByRole('treeitem', { name: 'Inbox, 2 unread' }).click({ timeout: 20_000 });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Harbour walk on Sunday/ }).click();
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: 'Harbour walk on Sunday' }).waitFor();
    await reader.getByText('this is message number 1.').waitFor();

    // The server goes away; the app restarts on the same data: the mail is on this computer.
    await page.close();
    await app?.stop();
    await server.stop();

    const offline = await openApp();
    const offlineFolders = offline.getByRole('tree', { name: 'Folders' });
    await offlineFolders.getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    const offlineList = offline.getByRole('listbox', { name: 'Messages' });
    await offlineList.getByRole('option', { name: /Invoice for October/ }).click();
    const offlineReader = offline.getByRole('region', { name: 'Message' });
    await offlineReader.getByRole('heading', { name: 'Invoice for October' }).waitFor();
    await offlineReader.getByText('this is message number 2.').waitFor();
    await offline.close();
  });
});
