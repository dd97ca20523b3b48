// Issue 9, item 7, in the UI: a message too large, too deep or of too many parts to show as
// sent opens in the reader with a note that says what is not shown and points to Save as
// .eml, and the reader shows what it can. Real Dovecot, browser mode, Debian's Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { bigHtmlMessage, deepNestingMessage, hostileSizes, manyPartsMessage, writeHostileMessages } from '../test/servers/hostile-size-mail.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

// Past the reader's 2 Mi characters of HTML (electron/mime/body-parts.ts), well short of 50 MB.
const bigHtml = bigHtmlMessage(1, 6 * hostileSizes.megabyte);
const deep = deepNestingMessage(2, 100_000);
// 500 readable parts of 1,000: 200 are shown.
const manyParts = manyPartsMessage(3, 1_000);

describe('hostile sizes in the reader: a clear note, and what can be shown', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-hostile-'));

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    writeHostileMessages(dovecot, 'alice', 'INBOX', [bigHtml, deep, manyParts]);
    app = await startBrowserMode(join(workDir, 'data'), dovecot.caCertificate);
  });

  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function open(page: Page, subject: string) {
    await page.getByRole('listbox', { name: 'Messages' }).getByRole('option', { name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click({ timeout: 30_000 });
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: subject }).waitFor({ timeout: 30_000 });
    return reader;
  }

  it('says what it does not show, and shows the rest', { timeout: 180_000 }, async () => {
    const page = await browser!.newPage();
    await page.goto(app!.url);
    await submitAddAccount(page, dovecotAccount(dovecot!, 'alice'));
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 30_000 });

    const big = await open(page, bigHtml.subject);
    const bigNote = await big.getByRole('note').first().innerText({ timeout: 60_000 });
    assert.match(bigNote, /too large to show formatted/);
    assert.match(bigNote, /Save as \.eml/);
    await big.getByText(/^Row 1 of a very long newsletter/).first().waitFor({ timeout: 30_000 });
    assert.equal(await big.locator('iframe').count(), 0, 'shown as text, not as HTML');

    const nested = await open(page, deep.subject);
    assert.match(await nested.getByRole('note').first().innerText({ timeout: 60_000 }), /nests its formatting too deeply/);
    await nested.getByText('The innermost sentence of a deeply nested message.').waitFor({ timeout: 30_000 });

    const many = await open(page, manyParts.subject);
    assert.match(await many.getByRole('note').first().innerText({ timeout: 60_000 }), /300 more parts of this message are not shown/);
    await page.close();
  });
});
