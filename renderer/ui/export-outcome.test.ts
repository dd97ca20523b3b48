import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportDownloadHref, exportEndedView, exportNote } from './export-outcome.ts';

describe('export outcomes in the page', () => {
  it('adds the page token to a download path, and gives none without a token', () => {
    assert.equal(exportDownloadHref('/export/abc', '#token=Ab-_9'), '/export/abc?token=Ab-_9');
    assert.equal(
      exportDownloadHref('/export/abc', '#token=a%2Fb'),
      '/export/abc?token=a%2Fb',
      'escaped as the socket URL escapes it',
    );
    assert.equal(exportDownloadHref('/export/abc', ''), null);
  });

  it('says what was saved, that a download is under way, and nothing for a cancelled dialog', () => {
    assert.equal(
      exportNote({ kind: 'saved', fileName: 'Inbox.mbox', messageCount: 1200, bytes: 3 * 1024 * 1024 }),
      'Saved "Inbox.mbox" (1,200 messages, 3 MB).',
    );
    assert.equal(
      exportNote({ kind: 'saved', fileName: 'a.eml', messageCount: 1, bytes: 10 }),
      'Saved "a.eml" (1 message, 10 bytes).',
    );
    assert.equal(exportNote({ kind: 'cancelled' }), null);
    assert.equal(
      exportNote({ kind: 'download', downloadId: 'd', downloadPath: '/export/x', fileName: 'Inbox.mbox', messageCount: 3 }),
      'Downloading "Inbox.mbox" (3 messages)…',
    );
  });

  it('says how a download ended: a note when it finished, an alert when it failed or expired', () => {
    assert.deepEqual(exportEndedView('Inbox.mbox', { downloadId: 'd', kind: 'finished', messageCount: 3, bytes: 2560 }), {
      kind: 'note',
      text: 'Downloaded "Inbox.mbox" (3 messages, 2.5 KB).',
    });
    assert.deepEqual(
      exportEndedView('Inbox.mbox', {
        downloadId: 'd',
        kind: 'failed',
        reason: 'This message was deleted on the server. The download stopped after 1 of 3 messages.',
      }),
      {
        kind: 'alert',
        title: '"Inbox.mbox" was not downloaded in full.',
        message: 'This message was deleted on the server. The download stopped after 1 of 3 messages.',
        action: 'Your browser marks the download as failed; export again to get the whole file.',
      },
    );
    assert.deepEqual(exportEndedView('a.eml', { downloadId: 'd', kind: 'expired' }), {
      kind: 'alert',
      title: '"a.eml" was not downloaded.',
      message: 'Its download link was not opened within a minute, so it expired.',
      action: 'Export again.',
    });
  });
});
