// The keyboard: ? opens the "Keyboard shortcuts" sheet, / goes to the search box, and j / k
// move the selection in the message list, in browser mode over a real Dovecot.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';
import { eventually } from './support/eventually.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

function message(subject: string, day: number): { readonly raw: string } {
  return {
    raw: [`From: Carol <carol@example.org>`, 'To: alice@example.org', `Subject: ${subject}`, `Date: Mon, ${day} Nov 2026 10:00:00 +0000`, `Message-ID: <${day}@example.org>`, '', `Body ${day}`, ''].join('\r\n'),
  };
}

const bulkCount = 450;

// Newest first in the list: bulk 0 is the newest, bulk 449 the oldest (the last row).
function bulkMessage(index: number): { readonly raw: string } {
  const date = new Date(Date.UTC(2026, 9, 1) - index * 3_600_000).toUTCString().replace('GMT', '+0000');
  return {
    raw: [`From: Dan <dan@example.org>`, 'To: alice@example.org', `Subject: Bulk item ${index}`, `Date: ${date}`, `Message-ID: <bulk-${index}@example.org>`, '', `Body ${index}`, ''].join('\r\n'),
  };
}

describe('keyboard shortcuts in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  let page: Page | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-keys-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [message('First of three', 3), message('Second of three', 2), message('Third of three', 1)]);
    // More rows than two of the list's pages of 200 (message-pages.ts), so End and Home
    // reach rows the first page does not hold.
    await appendMessages(dovecot, 'alice', 'Bulk', Array.from({ length: bulkCount }, (_unused, index) => bulkMessage(index)));
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
    page = await browser.newPage();
    await page.goto(app.url);
    const form = page.getByRole('form', { name: 'Add account' });
    await form.getByLabel('Email address').fill('alice@example.org');
    await form.getByLabel('Password').fill(dovecot.user('alice').password);
    await form.getByLabel('Incoming server').fill(dovecot.host);
    await form.getByLabel('Incoming port').fill(String(dovecot.imapsPort));
    await form.getByLabel('Username').fill('alice');
    await form.getByRole('button', { name: 'Add account', exact: true }).click();
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 }).catch(async (error: unknown) => {
      // Say why the account was not added, instead of only that the tree never came.
      console.error(await page?.locator('body').innerText(), app?.output());
      throw error;
    });
  });

  after(async () => {
    await page?.close();
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('opens the sheet with ?, listing the keys, and closes it with Escape', async () => {
    const current = page!;
    await current.locator('body').click({ position: { x: 5, y: 5 } });
    await current.keyboard.press('?');
    const sheet = current.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    for (const description of ['Show these shortcuts', 'Search mail', 'Next message', 'Previous message', 'Reply']) {
      await sheet.getByText(description, { exact: true }).waitFor();
    }
    await current.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
  });

  it('moves the selection with j and k, and goes to the search box with /', async () => {
    const current = page!;
    const list = current.getByRole('listbox', { name: 'Messages' });
    const option = (subject: string) => list.getByRole('option', { name: new RegExp(subject) });
    await option('First of three').click();
    const selected = async (): Promise<string> => (await list.getByRole('option', { selected: true }).first().getAttribute('aria-label')) ?? '';
    const waitSelected = async (subject: RegExp): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!subject.test(await selected())) {
        if (Date.now() > deadline) assert.fail(`expected ${String(subject)} selected, found "${await selected()}"`);
        await current.waitForTimeout(50);
      }
    };
    await waitSelected(/First of three/);
    await list.focus();
    await current.keyboard.press('j');
    await waitSelected(/Second of three/);
    await current.keyboard.press('j');
    await waitSelected(/Third of three/);
    await current.keyboard.press('k');
    await waitSelected(/Second of three/);

    await current.keyboard.press('/');
    const search = current.getByRole('searchbox', { name: 'Search mail' });
    const deadline = Date.now() + 5000;
    while (!(await search.evaluate((element) => element === document.activeElement))) {
      if (Date.now() > deadline) assert.fail('/ did not focus the search box');
      await current.waitForTimeout(50);
    }
    // Typed into the search box, ? is a character, not the sheet.
    await current.keyboard.type('?');
    assert.equal(await current.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 0);
  });

  it('goes to the last row of a list of three pages with End, and back to the first with Home', async () => {
    const current = page!;
    await current.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Bulk/ }).click();
    const list = current.getByRole('listbox', { name: 'Messages' });
    await eventually('the folder lists all its messages', async () => (await list.getByRole('option').first().getAttribute('aria-setsize')) === String(bulkCount), 30_000);
    await list.getByRole('option', { name: /Bulk item 0\b/ }).click();
    await list.focus();
    await current.keyboard.press('End');
    const last = list.locator(`[role="option"][aria-posinset="${bulkCount}"]`);
    await eventually('End selects the oldest message, drawn', async () => (await last.getAttribute('aria-selected')) === 'true' && /Bulk item 449\b/.test((await last.getAttribute('aria-label')) ?? ''), 10_000);
    assert.ok(await last.isVisible(), 'the last row is scrolled into view');
    await current.keyboard.press('Home');
    const first = list.locator('[role="option"][aria-posinset="1"]');
    await eventually('Home selects the newest again', async () => (await first.getAttribute('aria-selected')) === 'true' && /Bulk item 0\b/.test((await first.getAttribute('aria-label')) ?? ''), 10_000);
  });

  it('resizes the message list by dragging its edge or with the arrows, and keeps the width across a reload', async () => {
    const current = page!;
    const handle = current.getByRole('separator', { name: 'Resize message list' });
    const list = current.getByRole('listbox', { name: 'Messages' });
    const listWidth = async (): Promise<number> => Math.round((await list.boundingBox())?.width ?? 0);
    const before = Number(await handle.getAttribute('aria-valuenow'));
    const box = await handle.boundingBox();
    assert.ok(box);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await current.mouse.move(x, y);
    await current.mouse.down();
    await current.mouse.move(x + 60, y, { steps: 5 });
    await current.mouse.move(x + 120, y, { steps: 5 });
    await current.mouse.up();
    await eventually('the separator says the new width', async () => Number(await handle.getAttribute('aria-valuenow')) === before + 120);
    assert.ok(Math.abs((await listWidth()) - (before + 120)) <= 2, 'the list pane is as wide as the separator says');
    // From the keyboard: focusable, and each arrow moves the edge one step.
    await handle.focus();
    await current.keyboard.press('ArrowLeft');
    await eventually('ArrowLeft narrows it a step', async () => Number(await handle.getAttribute('aria-valuenow')) === before + 104);

    await current.reload();
    await current.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    const reloaded = current.getByRole('separator', { name: 'Resize message list' });
    await eventually('the width is kept across a reload', async () => Number(await reloaded.getAttribute('aria-valuenow')) === before + 104, 10_000);
    await eventually('the list pane has that width', async () => Math.abs((await listWidth()) - (before + 104)) <= 2, 10_000);
  });
});
