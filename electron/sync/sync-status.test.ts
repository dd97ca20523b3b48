import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { failedStatus } from './sync-status.ts';

// SQLite's own SQLITE_FULL, from a store that may not grow (max_page_count).
function sqliteFullError(): unknown {
  const database = new DatabaseSync(':memory:');
  database.exec('CREATE TABLE flags (value BLOB); PRAGMA max_page_count = 3');
  try {
    database.prepare('INSERT INTO flags VALUES (?)').run(new Uint8Array(64 * 1024));
  } catch (error) {
    return error;
  } finally {
    database.close();
  }
  assert.fail('the insert fitted');
}

describe('a failed sync, as the status bar says it', () => {
  it('says offline for a server out of reach, and our own error in its words', () => {
    assert.deepEqual(failedStatus('a1', new LetterboxError('timeout', 'imap.example.org did not answer.')), {
      state: 'offline',
      text: 'Offline: imap.example.org did not answer.',
      accountId: 'a1',
    });
    assert.deepEqual(failedStatus('a1', new LetterboxError('auth-failed', 'The password was not accepted.')), {
      state: 'error',
      text: 'The password was not accepted.',
      accountId: 'a1',
      code: 'auth-failed',
    });
  });

  it('says the disk is full when the store refused a write for want of space, and hides any other error', () => {
    const full = failedStatus('a1', sqliteFullError());
    assert.equal(full.code, 'storage');
    assert.equal(full.state, 'error');
    assert.match(full.text, /^The disk is full: .*Nothing was lost and nothing was removed from the server\./);
    const other = failedStatus('a1', new Error('SQLITE_CORRUPT at /home/alice/mail'));
    assert.equal(other.text, 'Sync failed because of an error inside Letterbox. The details are in the log.');
    assert.equal(other.code, undefined);
  });
});
