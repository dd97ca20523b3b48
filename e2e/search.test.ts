// Search end to end: typing a query in the searchbox shows matching mail in the list with
// the words marked, a bad query says why, the server finds what is not cached, and a
// saved search appears under "Saved searches" and takes in matching mail as it arrives.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

function rawMessage(headers: Record<string, string>, body: string): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
}

const date = (day: number) => `Tue, ${day} Sep 2026 10:00:00 +0000`;

const resumeSubject = `=?UTF-8?B?${Buffer.from('Résumé for the open role').toString('base64')}?=`;

describe('searching mail in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-search-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [
      { raw: rawMessage({ From: 'Zoë <zoe@example.org>', To: 'alice@example.org', Subject: resumeSubject, Date: date(1), 'Message-ID': '<r@example.org>' }, 'My résumé is attached in spirit.\n') },
      { raw: rawMessage({ From: 'Bob <bob@example.org>', To: 'alice@example.org', Subject: 'Lunch plans', Date: date(2), 'Message-ID': '<l@example.org>' }, 'Noon?\n') },
    ]);
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows results while typing, marks the words, explains bad queries and searches the server', async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);

    await submitAddAccount(page, dovecotAccount(server, 'alice'));
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'Inbox, 2 unread' }).waitFor({ timeout: 20_000 });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Lunch plans/ }).waitFor();

    // Typed as a person types, a key at a time: "resu" already finds "Résumé".
    const searchbox = page.getByRole('searchbox', { name: 'Search mail' });
    await searchbox.pressSequentially('resu', { delay: 30 });
    const hit = list.getByRole('option', { name: /Résumé for the open role/ });
    await hit.waitFor();
    assert.equal(await list.getByRole('option').count(), 1);
    assert.equal(await hit.locator('mark').first().innerText(), 'Résu');

    await hit.click();
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: 'Résumé for the open role' }).waitFor();
    assert.equal(await reader.locator('pre mark').first().innerText(), 'résu');

    await searchbox.fill('before:someday');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not a date/);

    // Not cached: appended after the sync, with the word only in its body.
    await appendMessages(server, 'alice', 'Archive', [
      { raw: rawMessage({ From: 'Finance <f@example.org>', To: 'alice@example.org', Subject: 'Budget', Date: 'Wed, 2 Sep 2026 10:00:00 +0000', 'Message-ID': '<b@example.org>' }, 'The xylophone line doubled.\n') },
    ]);
    await searchbox.fill('xylophone');
    // Nothing local, online: the server is asked by itself.
    const fromServer = list.getByRole('option', { name: /Budget.*found on the server/ });
    await fromServer.waitFor({ timeout: 15_000 });
    await page.getByText(/The server found 1 message/).waitFor();

    await searchbox.fill('lunch');
    await list.getByRole('option', { name: /Lunch plans/ }).waitFor();
    await page.getByRole('button', { name: 'Save search' }).click();
    const saved = page.getByRole('tree', { name: 'Saved searches' }).getByRole('treeitem', { name: 'lunch' });
    await saved.waitFor();
    await searchbox.fill('');
    await saved.click();
    assert.equal(await searchbox.inputValue(), 'lunch');
    await list.getByRole('option', { name: /Lunch plans/ }).waitFor();
    await page.getByText('1 message', { exact: true }).waitFor();

    // Delivered while the saved search is open: IDLE on the Inbox brings it in, and the
    // saved search shows it and its new count without anyone touching anything.
    await appendMessages(server, 'alice', 'INBOX', [
      { raw: rawMessage({ From: 'Carol <carol@example.org>', To: 'alice@example.org', Subject: 'Lunch on Friday', Date: date(3), 'Message-ID': '<f@example.org>' }, 'At the new place?\n') },
    ]);
    await list.getByRole('option', { name: /Friday/ }).waitFor({ timeout: 30_000 });
    await page.getByText('2 messages', { exact: true }).waitFor();
    assert.equal(await list.getByRole('option').count(), 2);
    await page.close();
  });
});
