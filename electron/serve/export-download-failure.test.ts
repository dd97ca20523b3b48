import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { DownloadStoppedError, exportFailureReason, withoutPaths } from './export-download-failure.ts';

describe('why an export download failed', () => {
  it("tells one of Letterbox's errors in its own words, and how far the mbox got", () => {
    assert.equal(
      exportFailureReason(new LetterboxError('not-found', 'This message was deleted on the server.'), {
        written: 1,
        messageCount: 3,
      }),
      'This message was deleted on the server. The download stopped after 1 of 3 messages.',
    );
    assert.equal(
      exportFailureReason(new LetterboxError('not-found', 'This message was deleted on the server.'), {
        written: 0,
        messageCount: 1,
      }),
      'This message was deleted on the server.',
      'a single .eml needs no count',
    );
    assert.equal(
      exportFailureReason(new DownloadStoppedError(), { written: 1200, messageCount: 5000 }),
      'The browser stopped the download before it finished (it was cancelled, or the connection closed). The download stopped after 1,200 of 5,000 messages.',
    );
  });

  it("keeps where Letterbox's files are out of the reason", () => {
    const missing = new LetterboxError(
      'storage',
      'The file of this local message is missing from /home/ann/.local/share/letterbox/local/. Restore it from a backup.',
    );
    assert.equal(
      exportFailureReason(missing, { written: 2, messageCount: 3 }),
      "The file of this local message is missing from Letterbox's folder on this computer. Restore it from a backup. The download stopped after 2 of 3 messages.",
    );
    assert.equal(
      withoutPaths('missing from C:\\Users\\ann\\letterbox\\local\\'),
      "missing from Letterbox's folder on this computer",
    );
    assert.equal(
      withoutPaths('"/tmp/ab" and (/var/x), see https://example.org/help and and/or 1/2'),
      `"Letterbox's folder on this computer" and (Letterbox's folder on this computer), see https://example.org/help and and/or 1/2`,
    );
  });

  it('names only the code of another error, never its message (which may hold a path)', () => {
    const disk = Object.assign(new Error("EIO: i/o error, open '/home/ann/.local/share/letterbox/store.db'"), { code: 'EIO' });
    assert.equal(
      exportFailureReason(disk, { written: 0, messageCount: 1 }),
      "A message could not be read from this computer's store (EIO).",
    );
    assert.equal(
      exportFailureReason(new Error('/secret/path'), { written: 0, messageCount: 1 }),
      'Something went wrong inside Letterbox while writing the export.',
    );
    assert.equal(
      exportFailureReason('a string', { written: 0, messageCount: 1 }),
      'Something went wrong inside Letterbox while writing the export.',
    );
  });
});
