import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../store/open-database.ts';
import { storeOneSource } from '../store/stored-source-fixture.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { createMessageViewPool } from './message-view-pool.ts';

function source(): Buffer {
  // Its own memory, as a source read from the store or a file is.
  const bytes = Buffer.from('From: a@example.org\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n');
  const owned = Buffer.alloc(bytes.length);
  bytes.copy(owned);
  return owned;
}

describe('message view pool', () => {
  const pool = createMessageViewPool({ size: 1 });
  after(() => pool.close());

  it('parses on its thread, moving a handed-over source and copying the rest', async () => {
    const copied = source();
    const copiedView = await pool.view(copied, false);
    assert.equal(copied.length, source().length, 'a copied source is left as it was');
    const handed = source();
    const handedView = await pool.view(handed, true);
    assert.equal(handed.length, 0, 'a handed-over source moved to the thread without a copy');
    assert.deepEqual(handedView, copiedView);
    assert.deepEqual(handedView.bodyParts, [{ kind: 'html', html: '<p>hi</p>\n' }]);
  });

  it('answers null for a message whose source the store does not hold', async () => {
    const dataDir = makeTempDir();
    try {
      openDatabase(dataDir.path).close();
      assert.equal(await pool.storedView(dataDir.path, '12345'), null);
      assert.deepEqual(await pool.storedAttachment(dataDir.path, '12345', 'part-1'), { found: false, attachment: null });
    } finally {
      dataDir.remove();
    }
  });

  it('reads a stored source on its thread and moves it here, or answers null when the store holds none', async () => {
    const dataDir = makeTempDir();
    try {
      const stored = Buffer.concat([source(), Buffer.alloc(20 * 1024 * 1024, 0x61)]);
      const messageId = await storeOneSource(dataDir.path, stored);
      const read = await pool.storedSource(dataDir.path, messageId);
      assert.ok(read !== null);
      assert.ok(read.equals(stored), 'the bytes the store holds');
      assert.equal(read.byteOffset, 0);
      assert.equal(read.buffer.byteLength, stored.length, 'its own memory, moved rather than copied into a pool');
      assert.equal(await pool.storedSource(dataDir.path, '987654'), null);
    } finally {
      dataDir.remove();
    }
  });

  it('gives up on a request that outlasts its deadline, with a clear error', async () => {
    const impatient = createMessageViewPool({ size: 1, timeoutMs: 1 });
    try {
      await assert.rejects(impatient.view(source(), false), /gave up reading this message after 0.001 seconds/);
    } finally {
      await impatient.close();
    }
  });
});
