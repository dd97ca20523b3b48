import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseExportDestination, chosenExportPath, exportSaveDialogRequest } from './export-save-dialog.ts';

describe('the export save dialog', () => {
  it('opens on the suggested name in the given folder, filtered by its kind', () => {
    const folder = exportSaveDialogRequest('Inbox.mbox', '/home/me/Downloads');
    assert.equal(folder.defaultPath, join('/home/me/Downloads', 'Inbox.mbox'));
    assert.equal(folder.title, 'Export folder');
    assert.deepEqual(folder.filters[0], { name: 'Mailbox (mbox)', extensions: ['mbox'] });
    assert.ok(folder.properties.includes('showOverwriteConfirmation'));
    const message = exportSaveDialogRequest('Hello.eml', '/tmp');
    assert.equal(message.title, 'Save message');
    assert.deepEqual(message.filters[0], { name: 'Email message', extensions: ['eml'] });
  });

  it('gives the chosen absolute path, or null when cancelled or empty', () => {
    assert.equal(chosenExportPath({ canceled: false, filePath: '/home/me/a.mbox' }), '/home/me/a.mbox');
    assert.equal(chosenExportPath({ canceled: true, filePath: '/home/me/a.mbox' }), null);
    assert.equal(chosenExportPath({ canceled: false, filePath: '' }), null);
    assert.equal(chosenExportPath({ canceled: false }), null);
    assert.equal(chosenExportPath({ canceled: false, filePath: 'relative.mbox' }), null);
  });

  it('asks the dialog it is given', async () => {
    const asked: string[] = [];
    const path = await chooseExportDestination(
      (request) => {
        asked.push(request.defaultPath);
        return Promise.resolve({ canceled: false, filePath: '/x/y.mbox' });
      },
      '/x',
      'y.mbox',
    );
    assert.equal(path, '/x/y.mbox');
    assert.deepEqual(asked, [join('/x', 'y.mbox')]);
  });
});
