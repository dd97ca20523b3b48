import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createExportEncoding, latin1InSlices } from './export-encoding-pool.ts';
import { mboxEntry } from './mbox-format.ts';

const date = new Date(Date.UTC(2024, 0, 1, 8, 5, 9));

// Bytes of every value, in a length that is not a multiple of 3.
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += 1) out[at] = (at * 131 + seed * 17) & 0xff;
  return out;
}

describe('the export encoding thread', () => {
  const encoding = createExportEncoding();
  after(() => encoding.close());

  it('encodes a message as base64, the same as Buffer does, whatever its length', async () => {
    for (const length of [0, 1, 2, 3, 4, 3 * 1024 * 1024 - 1, 3 * 1024 * 1024 + 2, 7 * 1024 * 1024 + 1]) {
      const source = bytes(length, length);
      const expected = source.toString('base64');
      assert.equal(await encoding.eml(Buffer.from(source)), expected, `${length} bytes`);
    }
  });

  it('builds and encodes an mbox the same as mboxEntry does, messages of any length in a row', async () => {
    const sources = [1, 2, 3, 5, 3 * 1024 * 1024 + 1].map((length, index) => Buffer.concat([Buffer.from('Subject: x\n\nFrom here\n'), bytes(length, index)]));
    const expected = Buffer.concat(sources.map((source, index) => mboxEntry({ sender: `s${index}@example.org`, date, source }))).toString('base64');
    const entries = sources.map((source, index) => ({ source: Buffer.from(source), sender: `s${index}@example.org`, date }));
    assert.equal(await encoding.mbox(entries, 256 * 1024 * 1024), expected);
  });

  it('refuses an mbox larger than the limit before encoding it', async () => {
    const entries = [{ source: bytes(1000, 1), sender: null, date }];
    assert.equal(await encoding.mbox(entries, 999), null);
  });

  it('copies a Buffer that shares its memory, and moves one that owns it', async () => {
    const whole = Buffer.from(new ArrayBuffer(4096)).fill(7);
    const backing = Buffer.alloc(4096, 9);
    const slice = backing.subarray(100, 200);
    assert.equal(await encoding.eml(slice), Buffer.alloc(100, 9).toString('base64'));
    assert.equal(backing.length, 4096, 'the larger Buffer a slice shares is left as it was');
    assert.equal(await encoding.eml(whole), Buffer.alloc(4096, 7).toString('base64'));
    assert.equal(whole.buffer.byteLength, 0, 'a Buffer that owns its memory is handed over');
  });

  it('makes the string a slice at a time, the same string as made at once', async () => {
    const ascii = Buffer.from(bytes(9 * 1024 * 1024 + 5, 3).toString('base64'), 'latin1');
    assert.equal(await latin1InSlices(ascii), ascii.toString('latin1'));
    assert.equal(await latin1InSlices(new Uint8Array(0)), '');
  });
});
