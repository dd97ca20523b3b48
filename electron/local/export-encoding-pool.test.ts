import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createExportEncoding } from './export-encoding-pool.ts';
import { mboxEntry } from './mbox-format.ts';

const date = new Date(Date.UTC(2024, 0, 1, 8, 5, 9));

// Bytes of every value, with "From " lines to quote.
function message(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += 1) out[at] = (at * 131 + seed * 17) & 0xff;
  return Buffer.concat([Buffer.from('Subject: x\n\nFrom here\n>From there\n'), out]);
}

describe('the export encoding thread', () => {
  const encoding = createExportEncoding();
  after(() => encoding.close());

  it('builds each mbox entry the same as mboxEntry does, messages of any length in a row', async () => {
    for (const [index, length] of [0, 1, 2, 100, 3 * 1024 * 1024 + 1].entries()) {
      const source = message(length, index);
      const expected = mboxEntry({ sender: `s${index}@example.org`, date, source });
      assert.deepEqual(await encoding.mboxEntry({ source: Buffer.from(source), sender: `s${index}@example.org`, date }), expected, `${length} bytes`);
    }
  });

  it('copies a Buffer that shares its memory, and moves one that owns it', async () => {
    const whole = Buffer.from(new ArrayBuffer(4096)).fill(0x41);
    const backing = Buffer.alloc(4096, 0x42);
    const slice = backing.subarray(100, 200);
    assert.deepEqual(await encoding.mboxEntry({ source: slice, sender: null, date }), mboxEntry({ source: Buffer.alloc(100, 0x42), sender: null, date }));
    assert.equal(backing.length, 4096, 'the larger Buffer a slice shares is left as it was');
    assert.deepEqual(await encoding.mboxEntry({ source: whole, sender: null, date }), mboxEntry({ source: Buffer.alloc(4096, 0x41), sender: null, date }));
    assert.equal(whole.buffer.byteLength, 0, 'a Buffer that owns its memory is handed over');
  });
});
