// Whole-account export from the account menu, in browser mode: an IMAP account exported to a
// directory typed by the user (Maildir++ with a MANIFEST), then that directory imported into
// a new Local Folders folder, whose messages the list shows.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { dovecotSkipReason, startDovecot, type DovecotServer } from '../test/servers/dovecot.ts';
import { appendMessages, generateMessage } from '../test/servers/seed.ts';
import { dovecotAccount, submitAddAccount } from './support/add-account-form.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = dovecotSkipReason() || chromiumSkipReason();

describe('Export account and import the export, in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-account-export-'));
  const exportDir = join(workDir, 'alice-export');

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [
      { raw: generateMessage(1, { kind: 'plain', subject: 'Exported first' }) },
      { raw: generateMessage(2, { kind: 'plain', subject: 'Exported second' }) },
    ]);
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('exports an IMAP account to a directory and imports it into Local Folders', { timeout: 120_000 }, async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, dovecotAccount(server, 'alice'));
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Exported second/ }).waitFor({ timeout: 20_000 });

    const folders = page.getByRole('tree', { name: 'Folders' });
    await folders.getByRole('treeitem', { name: 'alice@example.org' }).click({ button: 'right', position: { x: 12, y: 8 } });
    await page.getByRole('menu', { name: 'Account actions' }).getByRole('menuitem', { name: 'Export account…' }).click();
    const exporting = page.getByRole('dialog', { name: /^Export / });
    await exporting.getByLabel(/Export to directory/).fill(exportDir);
    await exporting.getByRole('button', { name: 'Export' }).click();
    await exporting.getByRole('status').filter({ hasText: /Exported 2 messages/ }).waitFor({ timeout: 30_000 });
    assert.ok(existsSync(join(exportDir, 'MANIFEST')));
    assert.match(readFileSync(join(exportDir, 'MANIFEST'), 'utf8'), /^Letterbox account export 1\n/);
    await exporting.getByRole('button', { name: 'Close' }).click();

    // Local Folders are not in the tree while empty: every account's menu offers the import.
    await folders.getByRole('treeitem', { name: 'alice@example.org' }).click({ button: 'right', position: { x: 12, y: 8 } });
    await page.getByRole('menu', { name: 'Account actions' }).getByRole('menuitem', { name: 'Import account export…' }).click();
    const importing = page.getByRole('dialog', { name: 'Import an account export' });
    await importing.getByLabel('Export directory (full path)').fill(exportDir);
    await importing.getByLabel('New folder under Local Folders').fill('Alice copy');
    await importing.getByRole('button', { name: 'Verify and import' }).click();
    await importing.getByRole('status').filter({ hasText: /Every checksum matched\. Imported 2 messages/ }).waitFor({ timeout: 30_000 });
    await importing.getByRole('button', { name: 'Close' }).click();

    // The new folder holds the export's other folders: its own row is its top left corner.
    await folders.getByRole('treeitem', { name: /^Alice copy/ }).click({ timeout: 20_000, position: { x: 40, y: 8 } });
    await list.getByRole('option', { name: /Exported first/ }).waitFor({ timeout: 20_000 });
    await page.close();
  });
});
