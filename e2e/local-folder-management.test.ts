// Renaming and deleting Local Folders in browser mode: a folder with a subfolder is renamed
// from the folder menu (a name that holds "/" or is taken is refused in the dialog first),
// its subfolder follows, and the renamed folder is deleted after the confirmation; the
// tree loses it and its messages, the subfolder's too, are listed in Trash.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { importedCount } from '../test/servers/import-files.ts';
import { seedLocalFolders } from '../test/servers/local-folders-seed.ts';
import { generateMessage } from '../test/servers/seed.ts';
import { startBrowserMode, type BrowserModeProcess } from './support/browser-mode-process.ts';
import { chromiumSkipReason, launchChromium } from './support/chromium.ts';

const skip = chromiumSkipReason();

// Local Folders with "Projects" (two messages) and "Projects/2024" (one), made through the
// service's own channels before browser mode starts on the same data dir.
function seedProjects(dataDir: string): Promise<void> {
  return seedLocalFolders(dataDir, async ({ api, request, localAccountId, folderId }) => {
    const eml = (n: number, subject: string) => ({ fileName: `${n}.eml`, bytes: Buffer.from(generateMessage(n, { kind: 'plain', subject })) });
    await request('createFolder', { accountId: localAccountId, parentFolderId: null, name: 'Projects' });
    await request('createFolder', { accountId: localAccountId, parentFolderId: await folderId('Projects'), name: '2024' });
    await importedCount(api, await folderId('Projects'), [eml(1, 'Budget plan'), eml(2, 'Kick-off notes')]);
    await importedCount(api, await folderId('Projects/2024'), [eml(3, 'Annual review')]);
  });
}

describe('Local Folders: rename and delete, in browser mode', { skip }, () => {
  let browser: Browser | undefined;
  let app: BrowserModeProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'letterbox-e2e-local-folders-'));
  const dataDir = join(workDir, 'data');

  before(async () => {
    [browser] = await Promise.all([launchChromium(), seedProjects(dataDir)]);
  });
  after(async () => {
    await app?.stop();
    await browser?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('renames a folder with a subfolder, then deletes it into Trash', { timeout: 120_000 }, async () => {
    app = await startBrowserMode(dataDir, '');
    const page = await browser!.newPage();
    await page.goto(app.url);
    const folders = page.getByRole('tree', { name: 'Folders' });
    const list = page.getByRole('listbox', { name: 'Messages' });

    await folders
      .getByRole('treeitem', { name: /^Projects(,|$)/ })
      .click({ button: 'right', position: { x: 40, y: 8 }, timeout: 30_000 });
    await page.getByRole('menu', { name: 'Actions for Projects' }).getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename folder' });
    const name = rename.getByLabel('Folder name');
    // Refused in the dialog with a sentence that says why: the separator, a name taken at that level.
    await name.fill('Work/Old');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.getByRole('alert').filter({ hasText: 'cannot contain "/"' }).waitFor();
    await name.fill('trash');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.getByRole('alert').filter({ hasText: 'A folder named "Trash" already exists in Local Folders.' }).waitFor();
    await name.fill('Work');
    await rename.getByRole('button', { name: 'Rename' }).click();

    const work = folders.getByRole('treeitem', { name: /^Work(,|$)/ });
    await work.waitFor({ timeout: 20_000 });
    assert.equal(
      await folders.getByRole('treeitem', { name: /^Projects(,|$)/ }).count(),
      0,
      'the old name is gone from the tree',
    );
    // The subfolder came along, under the renamed folder, with its message.
    await work.getByRole('treeitem', { name: /^2024(,|$)/ }).click({ position: { x: 60, y: 8 } });
    await list.getByRole('option', { name: /Annual review/ }).waitFor({ timeout: 20_000 });
    assert.ok(existsSync(join(dataDir, 'local', '.Work.2024', 'cur')), 'the Maildir directory was renamed too');

    await work.click({ button: 'right', position: { x: 40, y: 8 } });
    await page.getByRole('menu', { name: 'Actions for Work' }).getByRole('menuitem', { name: 'Delete…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete folder Work' });
    await confirm.getByText('Delete "Work" and its 1 subfolder? 3 messages will be moved to Trash.').waitFor();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();

    await work.waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await folders.getByRole('treeitem', { name: /^2024(,|$)/ }).count(), 0, 'the subfolder went with it');
    await folders.getByRole('treeitem', { name: /^Trash(,|$)/ }).click({ position: { x: 40, y: 8 } });
    for (const subject of ['Budget plan', 'Kick-off notes', 'Annual review']) {
      await list.getByRole('option', { name: new RegExp(subject) }).waitFor({ timeout: 20_000 });
    }
    assert.equal(existsSync(join(dataDir, 'local', '.Work')), false, 'the emptied directory is gone');
    await page.close();
  });
});
