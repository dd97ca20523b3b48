import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { bigHtmlMessage } from '../../test/servers/hostile-size-mail.ts';
import { generateMessage } from '../../test/servers/seed.ts';
import { databaseFileName } from '../store/open-database.ts';
import { toRowId } from '../store/row-id.ts';
import { storeOneSource } from '../store/stored-source-fixture.ts';
import { makeTempDir } from '../store/test-fixtures.ts';
import { bodyTextOf } from './body-text.ts';
import { createBodyTextPool } from './body-text-pool.ts';

describe('body text pool', () => {
  const pool = createBodyTextPool(2);
  after(async () => {
    await pool.close();
  });

  it('gives for each source exactly what bodyTextOf gives on this thread, in any order of completion', async () => {
    const sources = Array.from({ length: 30 }, (_, index) => Buffer.from(generateMessage(index), 'utf8'));
    const threaded = await Promise.all(sources.map((source) => pool.bodyText(source)));
    const here = await Promise.all(sources.map((source) => bodyTextOf(source)));
    assert.deepEqual(threaded, here);
    assert.ok(threaded.some((text) => text.fileNames.length > 0), 'the corpus has attachments');
    assert.match(threaded[7]?.body ?? '', /message number 7\b/);
  });

  it('reads a source that shares its memory with other bytes as only its own bytes', async () => {
    const whole = Buffer.from(`garbage before${generateMessage(3)}garbage after`, 'utf8');
    const start = 'garbage before'.length;
    const slice = whole.subarray(start, whole.length - 'garbage after'.length);
    assert.deepEqual(await pool.bodyText(slice), await bodyTextOf(Buffer.from(slice)));
  });

  it('keeps answering after a hostile source', async () => {
    const hostile = Buffer.from(`Content-Type: multipart/mixed; boundary=x\r\n\r\n${'--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n'.repeat(2000)}`, 'utf8');
    const text = await pool.bodyText(hostile);
    assert.equal(typeof text.body, 'string');
    assert.match((await pool.bodyText(Buffer.from(generateMessage(1), 'utf8'))).body, /message number 1\b/);
  });

  it('indexes a stored message on its thread: what bodyTextOf gives, written by the thread; false when there is no source', async () => {
    const dataDir = makeTempDir();
    try {
      const source = Buffer.from(generateMessage(5), 'utf8');
      const messageId = await storeOneSource(dataDir.path, source);
      assert.equal(await pool.indexStored(dataDir.path, messageId), true);
      const database = new DatabaseSync(join(dataDir.path, databaseFileName), { readOnly: true });
      try {
        const row = database.prepare('SELECT body, filenames, body_indexed FROM search_text WHERE message_id = ?').get(toRowId(messageId));
        const expected = await bodyTextOf(source);
        assert.deepEqual({ ...row }, { body: expected.body, filenames: expected.fileNames.join(' '), body_indexed: 1 });
      } finally {
        database.close();
      }
      assert.equal(await pool.indexStored(dataDir.path, '987654'), false);
    } finally {
      dataDir.remove();
    }
  });

  it('indexes the start of a 50 MB HTML body within its bounded heap (issue 9, hostile sizes)', async () => {
    const message = bigHtmlMessage(1, 50 * 1024 * 1024);
    const source = Buffer.concat([...message.chunks()].map((chunk) => Buffer.from(typeof chunk === 'string' ? chunk.replace(/\n/g, '\r\n') : chunk)));
    const text = await pool.bodyText(source);
    assert.match(text.body, /^Row 1 of a very long newsletter, bold and plain words\.\nRow 2 /);
    assert.ok(text.body.length > 4_000_000, `${text.body.length} characters indexed`);
  });

  it('refuses work once closed', async () => {
    const closing = createBodyTextPool(1);
    await closing.bodyText(Buffer.from(generateMessage(2), 'utf8'));
    await closing.close();
    await assert.rejects(closing.bodyText(Buffer.from(generateMessage(2), 'utf8')), /closed/);
  });
});
