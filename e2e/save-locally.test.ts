// Move to local end to end: an IMAP message moved into Local Folders from the reader leaves
// the server folder's list, appears under Local Folders, and saved as .eml gives back the
// server's exact bytes, as does its local folder exported as mbox (both downloads streamed
// by the browser-mode server). Each row and the reader say where the message lives: on the
// server, on this computer, or both once a copy is saved locally.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

describe('Move to local, in browser mode', { skip }, () => {
  let dovecot: DovecotServer | undefined;
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-save-locally-'));
  const moved = generateMessage(1, { kind: 'plain', subject: 'Keep this one forever' });

  before(async () => {
    [dovecot, browser] = await Promise.all([startDovecot(), launchChromium()]);
    await appendMessages(dovecot, 'alice', 'INBOX', [{ raw: moved }, { raw: generateMessage(2, { kind: 'plain', subject: 'Stays on the server' }) }]);
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
    await dovecot?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('moves a message to Local Folders from the reader and saves it as .eml', async () => {
    const server = dovecot!;
    app = await startBrowserMode(join(workDir, 'data'), server.caCertificate);
    const page = await browser!.newPage();
    await page.goto(app.url);
    await submitAddAccount(page, dovecotAccount(server, 'alice'));

    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: /Keep this one forever.*on the server$/ }).click({ timeout: 20_000 });
    const reader = page.getByRole('region', { name: 'Message' });
    await reader.getByRole('heading', { name: 'Keep this one forever' }).waitFor();
    await reader.getByText('on the server', { exact: true }).waitFor();
    await reader.getByRole('button', { name: 'Move to local' }).click();
    await reader.getByRole('menu', { name: 'Move to local folder' }).getByRole('menuitem', { name: 'Inbox' }).click();

    // Gone from the server's Inbox; Local Folders appear, holding it.
    await list.getByRole('option', { name: /Keep this one forever/ }).waitFor({ state: 'detached', timeout: 20_000 });
    // A copy saved locally: the server's row now says it lives in both places.
    await list.getByRole('option', { name: /Stays on the server/ }).click();
    await reader.getByRole('heading', { name: 'Stays on the server' }).waitFor();
    await reader.getByRole('button', { name: 'Save locally' }).click();
    await reader.getByRole('menu', { name: 'Save in local folder' }).getByRole('menuitem', { name: 'Trash' }).click();
    await list.getByRole('option', { name: /Stays on the server.*on the server and this computer$/ }).waitFor({ timeout: 20_000 });
    const folders = page.getByRole('tree', { name: 'Folders' });
    const local = folders.getByRole('treeitem', { name: /^Local Folders/ });
    await local.getByRole('treeitem', { name: /^Inbox/ }).click({ timeout: 20_000 });
    await list.getByRole('option', { name: /Keep this one forever.*on this computer$/ }).click();
    await reader.getByRole('heading', { name: 'Keep this one forever' }).waitFor();
    await reader.getByText('on this computer', { exact: true }).waitFor();
    // Already local: only "Save as .eml" is offered.
    assert.equal(await reader.getByRole('button', { name: 'Move to local' }).count(), 0);

    const [download] = await Promise.all([page.waitForEvent('download'), reader.getByRole('button', { name: 'Save as .eml' }).click()]);
    assert.equal(download.suggestedFilename(), 'Keep this one forever.eml');
    const path = await download.path();
    assert.equal(readFileSync(path, 'utf8'), moved);
    // Where it was asked for, the reader says the download finished (exportDownloadEnded).
    await reader.getByRole('status').filter({ hasText: /^Downloaded "Keep this one forever\.eml" \(1 message, [\d.]+ (bytes|KB)\)\.$/ }).waitFor();

    // The folder as mbox: streamed by the server as a one-time download, read back as the message.
    await local.getByRole('treeitem', { name: /^Inbox/ }).click({ button: 'right', position: { x: 40, y: 8 } });
    const [mbox] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menu', { name: 'Actions for Inbox' }).getByRole('menuitem', { name: 'Export as mbox' }).click(),
    ]);
    assert.equal(mbox.suggestedFilename(), 'Inbox.mbox');
    const messages = parseMbox(readFileSync(await mbox.path()));
    assert.deepEqual(messages.map((message) => message.toString('utf8')), [moved]);
    await page.close();
  });
});
