// Push end to end: a message delivered while the Inbox is open appears in the list with
// no click, and "Work offline" is a pressed toggle in the status bar.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage, seedDate } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

describe('new mail while the Inbox is open', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-push-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: generateMessage(1, { subject: 'Already here' }), internalDate: seedDate(1) }]);
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('shows a delivered message without a click, and works offline on request', async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);

    await submitAddAccount(page, dovecotAccount(server, 'alice'));

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Already here/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Up to date' }).waitFor({ timeout: 10_000 });
    // The watch connection enters IDLE just after the first sync.
    await page.waitForTimeout(500);

    await appendMessages(server, 'alice', 'INBOX', [
      { raw: generateMessage(2, { subject: 'Fresh off the wire' }), internalDate: seedDate(2) },
    ]);
    const started = Date.now();
    await list.getByRole('option', { name: /Fresh off the wire/ }).waitFor({ timeout: 5000 });
    console.log(`delivered message shown after ${Date.now() - started} ms`);
    await folders.getByRole('treeitem', { name: 'Inbox, 2 unread' }).waitFor({ timeout: 5000 });

    const toggle = page.getByRole('button', { name: 'Work offline' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await page.getByRole('status').filter({ hasText: /^Offline$/ }).waitFor();
    // The toggle shows the state main confirmed, which arrives after the click.
    await page.getByRole('button', { name: 'Work offline', pressed: true }).waitFor({ timeout: 5000 });
    await appendMessages(server, 'alice', 'INBOX', [
      { raw: generateMessage(3, { subject: 'Sent while offline' }), internalDate: seedDate(3) },
    ]);
    await page.waitForTimeout(1500);
    assert.equal(await list.getByRole('option', { name: /Sent while offline/ }).count(), 0);

    await toggle.click();
    await page.getByRole('button', { name: 'Work offline', pressed: false }).waitFor({ timeout: 5000 });
    await list.getByRole('option', { name: /Sent while offline/ }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
