import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { generateMessage } from '../../test/servers/seed.ts';
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

  it('refuses work once closed', async () => {
    const closing = createBodyTextPool(1);
    await closing.bodyText(Buffer.from(generateMessage(2), 'utf8'));
    await closing.close();
    await assert.rejects(closing.bodyText(Buffer.from(generateMessage(2), 'utf8')), /closed/);
  });
});
