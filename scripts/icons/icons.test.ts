import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { encodeIcns, icnsTypes, readIcns } from './icns.ts';
import { encodeIco, readIco } from './ico.ts';
import { crc32, decodePng, encodePng } from './png.ts';
import { renderIcon } from './render-icon.ts';

const buildDir = path.resolve(import.meta.dirname, '..', '..', 'build');

function pixel(image: ReturnType<typeof renderIcon>, x: number, y: number): readonly number[] {
  const offset = (y * image.width + x) * 4;
  return Array.from(image.pixels.subarray(offset, offset + 4));
}

describe('PNG encoding', () => {
  it('computes the CRC-32 of the standard check string', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('reads back exactly the pixels it wrote', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, index) => (index * 37) % 256);
    const decoded = decodePng(encodePng({ width: 3, height: 2, pixels }));
    assert.deepEqual([decoded.width, decoded.height], [3, 2]);
    assert.deepEqual(decoded.pixels, pixels);
  });

  it('refuses a file whose chunk was damaged', () => {
    const png = encodePng(renderIcon(16));
    png[40] = (png[40] ?? 0) ^ 0xff;
    assert.throws(() => decodePng(png), /CRC/);
  });
});

describe('the icon artwork', () => {
  it('is transparent in the corners and has a white envelope in the middle', () => {
    for (const size of [16, 256]) {
      const image = renderIcon(size);
      assert.equal(pixel(image, 0, 0)[3], 0);
      assert.equal(pixel(image, size - 1, size - 1)[3], 0);
      const [red, green, blue, alpha] = pixel(image, Math.floor(size / 2), Math.round(size * 0.62));
      assert.equal(alpha, 255);
      assert.ok((red ?? 0) > 230 && (green ?? 0) > 230 && (blue ?? 0) > 230, `size ${size}: the envelope's lower half is white`);
    }
  });

  it('matches the committed build/ icons, so they are regenerated when the design changes', () => {
    for (const size of [16, 256]) {
      const committed = decodePng(readFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`)));
      assert.deepEqual(committed.pixels, renderIcon(size).pixels, `build/icons/${size}x${size}.png is stale: run node scripts/generate-icons.ts`);
    }
  });
});

describe('ICO and ICNS containers', () => {
  it('stores small icons as 32-bit bitmaps and 256 as PNG', () => {
    const entries = readIco(encodeIco([renderIcon(16), renderIcon(256)]));
    assert.deepEqual(
      entries.map((entry) => [entry.width, entry.format]),
      [
        [16, 'bmp'],
        [256, 'png'],
      ],
    );
    const bitmap = entries[0]!.data;
    assert.equal(bitmap.readUInt32LE(0), 40);
    assert.equal(bitmap.readInt32LE(8), 32, 'the DIB height counts the colour rows and the mask rows');
    assert.equal(bitmap.length, 40 + 16 * 16 * 4 + 4 * 16);
  });

  it('writes one PNG element per icns type, each the right size', () => {
    const elements = readIcns(encodeIcns(renderIcon));
    assert.deepEqual(
      elements.map((element) => element.type),
      icnsTypes.map(([type]) => type),
    );
    elements.forEach((element, index) => {
      assert.equal(decodePng(element.data).width, icnsTypes[index]![1]);
    });
  });
});
