// "Import mbox or .eml…" in browser mode, in Chromium: the files the user picks are sent a
// chunk at a time over the page's WebSocket (720 KiB a request), with progress and a
// Stop button, and the messages appear in the folder. Before, a file crossed as one request,
// and one over 1 MiB could not cross browser mode at all.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { mboxEntry } from '../electron/local/mbox-format.ts';
import { importChunkBytes } from '../shared/local/import-schemas.ts';
import { importedCount } from '../test/servers/import-files.ts';
import { seedLocalFolders } from '../test/servers/local-folders-seed.ts';
import { generateMessage } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = chromiumSkipReason();

// Local Folders show in the tree once they hold mail: "Archive" gets one message first.
function seedArchive(dataDir: string): Promise<void> {
  return seedLocalFolders(dataDir, async ({ api, request, localAccountId, folderId }) => {
    await request('createFolder', { accountId: localAccountId, parentFolderId: null, name: 'Archive' });
    const first = Buffer.from(generateMessage(1, { kind: 'plain', subject: 'Already here' }));
    await importedCount(api, await folderId('Archive'), [{ fileName: 'first.eml', bytes: first }]);
  });
}

// n messages in an mbox, each padded to about `bytes` with text lines.
function mbox(subjects: readonly string[], bytes: number): Buffer {
  return Buffer.concat(
    subjects.map((subject, n) => {
      const head = generateMessage(100 + n, { kind: 'plain', subject });
      const padding = 'Imported text to make this message larger than a chunk.\r\n'.repeat(Math.ceil(bytes / 58));
      return mboxEntry({ sender: 'sender@example.org', date: new Date(Date.UTC(2024, 0, 1)), source: Buffer.from(head + padding) });
    }),
  );
}

async function openImport(page: Page): Promise<void> {
  await page
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem', { name: /^Archive(,|$)/ })
    .click({ button: 'right', position: { x: 40, y: 8 }, timeout: 30_000 });
}

describe('Local Folders: importing mbox and .eml files, in browser mode', { skip }, () => {
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-local-import-'));
  const dataDir = join(workDir, 'data');

  before(async () => {
    [browser] = await Promise.all([launchChromium(), seedArchive(dataDir)]);
    app = await startBrowserMode(dataDir, '');
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('imports an mbox larger than a WebSocket frame and an .eml, and lists their messages', { timeout: 120_000 }, async () => {
    const page = await browser!.newPage();
    await page.goto(app!.url);
    const subjects = ['Quarterly numbers', 'Travel plans', 'Minutes of Monday'];
    const file = mbox(subjects, 600 * 1024);
    assert.ok(file.length > 1024 * 1024 && file.length > importChunkBytes * 2, `the mbox is ${file.length} bytes: more than a frame, in several chunks`);

    await openImport(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('menu', { name: 'Actions for Archive' }).getByRole('menuitem', { name: 'Import mbox or .eml…' }).click();
    await (await chooser).setFiles([
      { name: 'old-mail.mbox', mimeType: 'application/mbox', buffer: file },
      { name: 'note.eml', mimeType: 'message/rfc822', buffer: Buffer.from(generateMessage(9, { kind: 'plain', subject: 'A single note' })) },
    ]);

    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Archive(,|$)/ }).click({ position: { x: 40, y: 8 } });
    const list = page.getByRole('listbox', { name: 'Messages' });
    for (const subject of ['Already here', ...subjects, 'A single note']) await list.getByRole('option', { name: new RegExp(subject) }).waitFor({ timeout: 30_000 });
    assert.equal(await list.getByRole('option').count(), 5, 'each message once');
    // A padded message opens whole: its last line came in a later chunk than its first.
    await list.getByRole('option', { name: /Travel plans/ }).click();
    await page.getByText('Imported text to make this message larger than a chunk.').first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('shows progress while it imports, and Stop keeps what was imported', { timeout: 180_000 }, async () => {
    const page = await browser!.newPage();
    await page.goto(app!.url);
    const subjects = Array.from({ length: 40 }, (_, n) => `Bulk message ${n}`);
    const file = mbox(subjects, 1024 * 1024);

    await openImport(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('menu', { name: 'Actions for Archive' }).getByRole('menuitem', { name: 'Import mbox or .eml…' }).click();
    // Picked from disk: handing Playwright 40 MB as a buffer sends it through the DevTools
    // protocol, which under load took longer than setFiles' 30 s (seen once in CI).
    const path = join(workDir, 'bulk.mbox');
    writeFileSync(path, file);
    await (await chooser).setFiles(path);

    const status = page.getByRole('status').filter({ hasText: /Importing bulk\.mbox into Archive: [\d.]+ of \d+ MB, [1-9]\d* messages/ });
    await status.waitFor({ timeout: 60_000 });
    assert.ok((await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')) !== '0', 'the bar has moved');
    await page.getByRole('button', { name: 'Stop import' }).click();
    const stopped = page.getByRole('status').filter({ hasText: /^Import stopped: \d+ messages were imported into Archive\.$/ });
    await stopped.waitFor({ timeout: 30_000 });
    const imported = Number(/(\d+) messages/.exec((await stopped.textContent()) ?? '')?.[1]);
    assert.ok(imported > 0 && imported < subjects.length, `stopped part way: ${imported} of ${subjects.length}`);

    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: /^Archive(,|$)/ }).click({ position: { x: 40, y: 8 } });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option', { name: new RegExp(`Bulk message ${imported - 1}\\b`) }).waitFor({ timeout: 30_000 });
    assert.equal(await list.getByRole('option', { name: /Bulk message/ }).count(), imported, 'the folder holds what the status says');
    await page.close();
  });
});
