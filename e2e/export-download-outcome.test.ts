// Issue 9: in browser mode the page says how an export download ended, where the export was
// started. A Local Folders folder exported as mbox: once downloaded, the folder pane's status
// says "Downloaded "Inbox.mbox" (3 messages, …)"; exported again after its newest message's
// file was removed, the download breaks off midway (Chromium marks it failed) and an alert
// there says which file is missing and how far the download got.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseMbox } from '../electron/local/mbox-format.ts';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage } from '../test/servers/seed.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();
const subjects = ['Oldest kept', 'Middle kept', 'Newest, its file goes missing'];

describe('Export download outcomes, in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-export-outcome-'));
  const dataDir = join(workDir, 'data');

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    const seeded = subjects.map((subject, index) => ({ raw: generateMessage(index + 1, { kind: 'plain', subject }) }));
    await appendMessages(dovecot, 'alice', 'INBOX', seeded);
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('says a folder export downloaded, and says why one broke off midway', { timeout: 120_000 }, async () => {
    const server = dovecot!;
    app = await startBrowserMode(dataDir, server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, dovecotAccount(server, 'alice'));
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: new RegExp(subjects[2] ?? '') }).waitFor({ timeout: 20_000 });

    // The server's Inbox saved into Local Folders' Inbox.
    // Where "Export as mbox" was chosen: the sidebar holding the folder tree.
    const sidebar = page.getByRole('navigation', { name: 'Accounts and folders' });
    const folders = sidebar.getByRole('tree', { name: 'Folders' });
    const account = folders.getByRole('treeitem', { name: 'alice@example.org' });
    await account.getByRole('treeitem', { name: /^Inbox/ }).click({ button: 'right', position: { x: 40, y: 8 } });
    await page.getByRole('menu', { name: 'Actions for Inbox' }).getByRole('menuitem', { name: 'Save folder locally…' }).click();
    await page.getByRole('menu', { name: 'Save Inbox in local folder' }).getByRole('menuitem', { name: 'Inbox' }).click();
    const localInbox = folders.getByRole('treeitem', { name: /^Local Folders/ }).getByRole('treeitem', { name: /^Inbox/ });
    await localInbox.click({ timeout: 30_000 });
    await list.getByRole('option').nth(2).waitFor({ timeout: 30_000 });

    async function exportLocalInbox() {
      await localInbox.click({ button: 'right', position: { x: 40, y: 8 } });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menu', { name: 'Actions for Inbox' }).getByRole('menuitem', { name: 'Export as mbox' }).click(),
      ]);
      return download;
    }

    const whole = await exportLocalInbox();
    assert.equal(await whole.failure(), null);
    const bytes = readFileSync(await whole.path());
    assert.equal(parseMbox(bytes).length, 3);
    await folders
      .locator('..')
      .getByRole('status')
      .filter({ hasText: /^Downloaded "Inbox\.mbox" \(3 messages, [\d.]+ (bytes|KB)\)\.$/ })
      .waitFor({ timeout: 10_000 });

    // The newest message's file removed behind Letterbox's back: the mbox, oldest first,
    // breaks off after the other two.
    const cur = join(dataDir, 'local', 'cur');
    const newest = readdirSync(cur).find((name) =>
      readFileSync(join(cur, name), 'utf8').includes(`Subject: ${subjects[2] ?? ''}`),
    );
    assert.ok(newest, "the newest message's file is in Local Folders");
    rmSync(join(cur, newest));
    const broken = await exportLocalInbox();
    assert.notEqual(await broken.failure(), null, 'Chromium marks the download failed');
    const alert = sidebar.getByRole('alert').filter({ hasText: '"Inbox.mbox" was not downloaded in full.' });
    await alert.waitFor({ timeout: 10_000 });
    assert.match(
      await alert.innerText(),
      /The file of this local message is missing from Letterbox's folder on this computer\. Restore it from a backup\. The download stopped after 2 of 3 messages\./,
    );
    assert.equal(
      await sidebar
        .getByRole('status')
        .filter({ hasText: /^Downloaded/ })
        .count(),
      0,
      'the failure replaced the earlier note',
    );
    await page.close();
  });
});
