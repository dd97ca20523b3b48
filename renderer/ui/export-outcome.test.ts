import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportDownloadHref, exportNote } from './export-outcome.ts';

describe('export outcomes in the page', () => {
  it('adds the page token to a download path, and gives none without a token', () => {
    assert.equal(exportDownloadHref('/export/abc', '#token=Ab-_9'), '/export/abc?token=Ab-_9');
    assert.equal(exportDownloadHref('/export/abc', '#token=a%2Fb'), '/export/abc?token=a%2Fb', 'escaped as the socket URL escapes it');
    assert.equal(exportDownloadHref('/export/abc', ''), null);
  });

  it('says what was saved, and nothing for a cancelled dialog or a download', () => {
    assert.equal(exportNote({ kind: 'saved', fileName: 'Inbox.mbox', messageCount: 1200, bytes: 3 * 1024 * 1024 }), 'Saved "Inbox.mbox" (1,200 messages, 3 MB).');
    assert.equal(exportNote({ kind: 'saved', fileName: 'a.eml', messageCount: 1, bytes: 10 }), 'Saved "a.eml" (1 message, 10 bytes).');
    assert.equal(exportNote({ kind: 'cancelled' }), null);
    assert.equal(exportNote({ kind: 'download', downloadPath: '/export/x', fileName: 'a.eml', messageCount: 1 }), null);
  });
});
